package dev.kopgen.it.pair;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** One of two kinds whose controllers both own ConfigMaps. */
@Group("kopgen.dev")
@Version("v1")
public class Left extends CustomResource<Void, Void> implements Namespaced {}
