package org.ckanmigrate.artifact;

import java.util.zip.ZipException;

/**
 * Compressed data that does not decode: a bad header, checksum or block, or members cut off before
 * their end. A {@link ZipException} so that readers written for gzip ({@code catch (ZipException
 * e)}) treat every codec's corruption alike.
 */
public final class CorruptStreamException extends ZipException {

  public CorruptStreamException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }
}
