package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.Location;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * What a validator found: a list of diagnostics, each tied to the most precise place in the source,
 * and the reports of the validators it asked (as Dagger's {@code ValidationReport}): the report on
 * a {@code @Controller} class holds one subreport per annotation or concern
 * ({@code @LeaderElection}, {@code @Sharded}, each {@code @Permission} and {@code @Watch}, the
 * primary's life, derived names, resource types). Validators return reports instead of printing, so
 * the caller decides (and tests can see) whether anything stops generation; a report is clean only
 * if its subreports are.
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
  private final List<ValidationReport> subreports;

  private ValidationReport(List<Item> items, List<ValidationReport> subreports) {
    this.items = List.copyOf(items);
    this.subreports = List.copyOf(subreports);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** This report's own items, without its subreports'. */
  public List<Item> items() {
    return items;
  }

  /** The reports of the validators this one asked, in the order they were asked. */
  public List<ValidationReport> subreports() {
    return subreports;
  }

  /** Every item: this report's own, then each subreport's, depth first. */
  public List<Item> allItems() {
    List<Item> all = new ArrayList<>(items);
    for (ValidationReport sub : subreports) {
      all.addAll(sub.allItems());
    }
    return all;
  }

  /** Whether nothing here or in a subreport stops generation (warnings may remain). */
  public boolean isClean() {
    return items.stream().noneMatch(i -> i.kind() == Diagnostic.Kind.ERROR)
        && subreports.stream().allMatch(ValidationReport::isClean);
  }

  /** Prints every item, subreports' included, on its value, annotation or element. */
  public void printTo(Messager messager) {
    for (Item item : allItems()) {
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
    private final List<ValidationReport> subreports = new ArrayList<>();

    private Builder() {}

    public Builder add(Messages message, Location location, Object... args) {
      items.add(new Item(message, message.format(args), location));
      return this;
    }

    /** Adds the report of a validator this one asked; empty reports are left out. */
    public Builder addSubreport(ValidationReport subreport) {
      if (!subreport.allItems().isEmpty()) {
        subreports.add(subreport);
      }
      return this;
    }

    /** How many items have been added so far, subreports' included. */
    public int size() {
      return items.size() + subreports.stream().mapToInt(r -> r.allItems().size()).sum();
    }

    /** Whether an error has been added so far, in a subreport too. */
    public boolean hasErrors() {
      return items.stream().anyMatch(i -> i.kind() == Diagnostic.Kind.ERROR)
          || subreports.stream().anyMatch(r -> !r.isClean());
    }

    public ValidationReport build() {
      return new ValidationReport(items, subreports);
    }
  }
}
