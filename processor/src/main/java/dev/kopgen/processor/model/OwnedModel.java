package dev.kopgen.processor.model;

import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;

/**
 * One validated {@code @Owns}: what the descriptor says about it (type, verbs, metadataOnly), plus
 * the type name generated code uses.
 *
 * @param descriptor the declaration as the descriptor records it
 * @param type the owned type
 */
public record OwnedModel(OwnedDescriptor descriptor, TypeRef type) {

  /** Whether only the owned objects' metadata is cached. */
  public boolean metadataOnly() {
    return descriptor.metadataOnly();
  }
}
