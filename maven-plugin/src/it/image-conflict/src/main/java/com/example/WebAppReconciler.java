package com.example;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;

/** The controller the manifests are derived from: kopgen-processor writes its descriptor. */
@Controller(resource = WebApp.class, owns = ConfigMap.class, primaryVerbs = Verb.PATCH)
@LeaderElection(leaseName = "web-app-leader")
public class WebAppReconciler implements Reconciler<WebApp> {
  @Override
  public Result reconcile(WebApp resource, Context context) {
    return Result.done();
  }
}
