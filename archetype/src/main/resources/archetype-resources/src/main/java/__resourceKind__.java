package ${package};

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The {@code ${resourceKind}} custom resource: what users write ({@link ${resourceKind}Spec}) and what
 * the operator reports back ({@link ${resourceKind}Status}).
 *
 * <p>kopgen-maven-plugin generates its CustomResourceDefinition from this class (fabric8's CRD
 * generator), with a {@code status} subresource because the status type is not {@code Void}.
 * Add fields to the spec and the schema follows at the next {@code mvn package}.
 */
@Group("${resourceGroup}")
@Version("v1alpha1")
public class ${resourceKind} extends CustomResource<${resourceKind}Spec, ${resourceKind}Status>
    implements Namespaced {}
