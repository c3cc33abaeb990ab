package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.Location;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * What a validator found: a list of diagnostics, each tied to the most precise place in the
 * source. Validators return reports instead of printing, so the caller decides (and tests can
 * see) whether anything stops generation.
 */
public final class ValidationReport {

  /**
   * One diagnostic.
   *
   * @param message the catalogue entry
   * @param text the formatted text, tag included
   * @param location where it points
   */
  public record Item(Messages message, String text, Location location) {
    public Diagnostic.Kind kind() {
      return message.kind();
    }
  }

  private final List<Item> items;

  private ValidationReport(List<Item> items) {
    this.items = List.copyOf(items);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Item> items() {
    return items;
  }

  /** Whether nothing stops generation (warnings may remain). */
  public boolean isClean() {
    return items.stream().noneMatch(i -> i.kind() == Diagnostic.Kind.ERROR);
  }

  /** Prints every item on its value, annotation or element. */
  public void printTo(Messager messager) {
    for (Item item : items) {
      Location at = item.location();
      if (at.value().isPresent()) {
        messager.printMessage(
            item.kind(), item.text(), at.element(), at.mirror().orElseThrow(), at.value().get());
      } else if (at.mirror().isPresent()) {
        messager.printMessage(item.kind(), item.text(), at.element(), at.mirror().get());
      } else {
        messager.printMessage(item.kind(), item.text(), at.element());
      }
    }
  }

  /** Collects items. */
  public static final class Builder {
    private final List<Item> items = new ArrayList<>();

    private Builder() {}

    public Builder add(Messages message, Location location, Object... args) {
      items.add(new Item(message, message.format(args), location));
      return this;
    }

    public Builder addAll(ValidationReport other) {
      items.addAll(other.items);
      return this;
    }

    /** How many items have been added so far. */
    public int size() {
      return items.size();
    }

    /** Whether an error has been added so far. */
    public boolean hasErrors() {
      return items.stream().anyMatch(i -> i.kind() == Diagnostic.Kind.ERROR);
    }

    public ValidationReport build() {
      return new ValidationReport(items);
    }
  }
}
