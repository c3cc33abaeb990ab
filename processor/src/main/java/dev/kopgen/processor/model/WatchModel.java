package dev.kopgen.processor.model;

import dev.kopgen.rules.OperatorDescriptor.WatchDescriptor;

/**
 * One validated {@code @Watch}: what the descriptor says about it, plus the type names generated
 * code uses and whether only metadata is cached (which changes the generated call, not the RBAC).
 *
 * @param descriptor the watch as the descriptor records it (binary names, scope)
 * @param type the watched type
 * @param mapper the mapper class
 * @param metadataOnly whether only the objects' metadata is cached
 */
public record WatchModel(
    WatchDescriptor descriptor, TypeRef type, TypeRef mapper, boolean metadataOnly) {}
