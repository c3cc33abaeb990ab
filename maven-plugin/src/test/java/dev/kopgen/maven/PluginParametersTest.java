package dev.kopgen.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The parameters of both goals, as Maven sees them (the plugin descriptor maven-plugin-plugin
 * writes from the annotations, including those inherited from {@link AbstractKopgenMojo}): name,
 * type, whether required and editable, property and default. Pinned in {@code
 * src/test/resources/plugin-parameters.txt}, written from the descriptor before the goals shared a
 * base class, so moving a parameter can never rename it or change its property or default.
 */
class PluginParametersTest {

  @Test
  void everyParameterKeepsItsNamePropertyAndDefault() throws Exception {
    Document plugin =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("target/classes/META-INF/maven/plugin.xml").toFile());
    List<String> actual = new ArrayList<>();
    NodeList mojos = plugin.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = child(mojo, "goal").getTextContent();
      Map<String, Element> configuration = new HashMap<>();
      for (Node n = child(mojo, "configuration").getFirstChild();
          n != null;
          n = n.getNextSibling()) {
        if (n instanceof Element e) {
          configuration.put(e.getTagName(), e);
        }
      }
      for (Node n = child(mojo, "parameters").getFirstChild(); n != null; n = n.getNextSibling()) {
        if (!(n instanceof Element p)) {
          continue;
        }
        String name = child(p, "name").getTextContent();
        Element c = configuration.get(name);
        String property = c == null || c.getTextContent().isEmpty() ? "-" : c.getTextContent();
        String defaultValue =
            c == null || !c.hasAttribute("default-value") ? "-" : c.getAttribute("default-value");
        actual.add(
            goal
                + " "
                + name
                + " "
                + child(p, "type").getTextContent()
                + " required="
                + child(p, "required").getTextContent()
                + " editable="
                + child(p, "editable").getTextContent()
                + " property="
                + property
                + " default="
                + defaultValue);
      }
    }
    List<String> expected =
        Files.readAllLines(
            Path.of("src/test/resources/plugin-parameters.txt"), StandardCharsets.UTF_8);
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    throw new AssertionError("no <" + tag + "> in <" + parent.getTagName() + ">");
  }
}
