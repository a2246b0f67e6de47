package org.ckanmigrate.contract.event;

/**
 * A service could not carry out a command; nothing of it was done (a command is one transaction),
 * so sending it again after fixing the cause is safe. Caused by the command's event id.
 *
 * @param command the command's wire type, e.g. {@code org.ckanmigrate.sysadmins.promote.v1}
 * @param code an {@link ErrorCode} name
 * @param message what went wrong and what to do (secrets scrubbed)
 */
public record CommandFailed(String command, String code, String message) {}
