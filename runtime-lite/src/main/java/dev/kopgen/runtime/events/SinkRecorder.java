package dev.kopgen.runtime.events;

import dev.kopgen.runtime.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.util.Objects;

/** The {@link EventRecorder} a reconcile gets: Events about its primary, or any object. */
public final class SinkRecorder implements EventRecorder {

  private final EventSink sink;
  private final HasMetadata primary;

  public SinkRecorder(EventSink sink, HasMetadata primary) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.primary = Objects.requireNonNull(primary, "primary");
  }

  @Override
  public void normal(String reason, String message) {
    record(primary, "Normal", reason, message);
  }

  @Override
  public void warning(String reason, String message) {
    record(primary, "Warning", reason, message);
  }

  @Override
  public void record(HasMetadata object, String type, String reason, String message) {
    if (!"Normal".equals(type) && !"Warning".equals(type)) {
      throw new IllegalArgumentException("an Event's type is Normal or Warning, not " + type);
    }
    sink.record(reference(object), type, reason, message);
  }

  /** A reference to {@code object} for {@code involvedObject}. */
  static ObjectReference reference(HasMetadata object) {
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withNamespace(object.getMetadata().getNamespace())
        .withName(object.getMetadata().getName())
        .withUid(object.getMetadata().getUid())
        .withResourceVersion(object.getMetadata().getResourceVersion())
        .build();
  }
}
