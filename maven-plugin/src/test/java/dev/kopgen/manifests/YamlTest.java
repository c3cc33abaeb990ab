package dev.kopgen.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlTest {

  @Test
  void quotesEveryStringAYamlReaderCouldTakeForSomethingElse() {
    assertThat(Yaml.scalar("operator")).isEqualTo("operator");
    assertThat(Yaml.scalar("registry.example.com/op:1.0")).isEqualTo("registry.example.com/op:1.0");
    assertThat(Yaml.scalar("/healthz")).isEqualTo("/healthz");
    for (String s :
        List.of(
            "", "8080", "1.0", "100m", "true", "No", "on", "null", "~", "a: b", "x #y", "key:",
            "-dash", "*ref", "&anchor", "'q'", "{}", "[]", "a b")) {
      assertThat(Yaml.scalar(s)).as(s).startsWith("\"").endsWith("\"");
    }
    assertThat(Yaml.scalar("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
    assertThat(Yaml.scalar(8080)).isEqualTo("8080");
    assertThat(Yaml.scalar(false)).isEqualTo("false");
  }

  @Test
  void writesBlockStyleWithCommentsAndIndentedLists() {
    // "y" is a YAML 1.1 boolean, so even as a key it is quoted.
    String doc =
        Yaml.document(
            List.of("header"),
            Yaml.obj()
                .put("a", 1, "why a")
                .put("empty", Yaml.obj())
                .put("none", List.of())
                .put(
                    "items",
                    List.of(Yaml.obj().put("x", "1").put("y", Yaml.obj().put("z", true)), "plain"),
                    "list\nwith newline")
                .put("nested", Yaml.obj().put("k", "v"), "why nested"));
    assertThat(doc)
        .isEqualTo(
            """
        # header
        a: 1  # why a
        empty: {}
        none: []
        items:  # list with newline
          - x: "1"
            "y":
              z: true
          - plain
        nested:  # why nested
          k: v
        """);
  }
}
