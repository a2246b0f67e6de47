package org.ckanmigrate.contract.spec;

/**
 * Everything one migration run needs, as the operator wrote it in the run spec. Carried whole in
 * the run-requested event, so it must never hold a secret value: secrets are {@link SecretRef}s.
 *
 * <p>A phase may run on its own (for example only the reindex against an existing CKAN database);
 * sections a run does not need may then be null.
 */
public record RunSpec(
    SourceSpec source,
    TransferSpec transfer,
    TargetSpec target,
    SchemaSpec schema,
    IndexSpec index) {}
