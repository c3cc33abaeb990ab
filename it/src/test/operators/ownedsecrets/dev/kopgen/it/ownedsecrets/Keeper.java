package dev.kopgen.it.ownedsecrets;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/** Keeps one token Secret, {@code <name>-token}, which its reconciler creates and owns. */
@Group("kopgen.dev")
@Version("v1")
public class Keeper extends CustomResource<Keeper.Spec, Keeper.Status> implements Namespaced {

  /** Nothing to say: the Secret's name derives from the Keeper's. */
  public static class Spec {
    private String note;

    public String getNote() {
      return note;
    }

    public void setNote(String note) {
      this.note = note;
    }
  }

  /** What the reconciler found in its metadata-only cache of owned Secrets. */
  public static class Status {
    private List<String> secrets;
    private String uid;
    private String kind;
    private Boolean hasData;

    public List<String> getSecrets() {
      return secrets;
    }

    public void setSecrets(List<String> secrets) {
      this.secrets = secrets;
    }

    public String getUid() {
      return uid;
    }

    public void setUid(String uid) {
      this.uid = uid;
    }

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public Boolean getHasData() {
      return hasData;
    }

    public void setHasData(Boolean hasData) {
      this.hasData = hasData;
    }
  }
}
