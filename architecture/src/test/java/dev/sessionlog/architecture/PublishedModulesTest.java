package dev.sessionlog.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM ({@code bom/pom.xml}) names exactly the jar modules the build deploys, at the build's
 * version: a module added without its BOM entry, or a BOM left at an old version, fails here. A
 * module that publishes nothing says so with {@code maven.deploy.skip}; modules of packaging
 * {@code pom} (the parent, the TypeScript client's build) hold no library.
 */
class PublishedModulesTest {
    private static final Path ROOT = Path.of(System.getProperty("sessionlog.root", ".."));

    private static Element parent;
    private static Element bom;

    @BeforeAll
    static void readThePoms() throws Exception {
        parent = pom(ROOT.resolve("pom.xml"));
        bom = pom(ROOT.resolve("bom/pom.xml"));
    }

    @Test
    void the_bom_manages_every_deployed_module_and_nothing_else() throws Exception {
        Set<String> deployed = new TreeSet<>();
        for (String module : children(parent, "modules", "module")) {
            Element pom = pom(ROOT.resolve(module).resolve("pom.xml"));
            boolean skipped = pom.getElementsByTagName("maven.deploy.skip").getLength() > 0
                    && "true".equals(pom.getElementsByTagName("maven.deploy.skip").item(0).getTextContent().trim());
            boolean jar = children(pom, "packaging").stream().allMatch("jar"::equals);
            if (jar && !skipped) {
                deployed.add(child(pom, "artifactId"));
            }
        }
        Set<String> managed = new TreeSet<>();
        for (Element dependency : elements(bom, "dependencyManagement", "dependencies", "dependency")) {
            managed.add(child(dependency, "artifactId"));
        }
        assertEquals(deployed, managed, "deployed modules (left) against the BOM's entries (right)");
    }

    @Test
    void the_bom_has_the_version_of_the_build() {
        assertEquals(child(parent, "version"), child(bom, "version"));
        for (Element dependency : elements(bom, "dependencyManagement", "dependencies", "dependency")) {
            assertEquals("${project.version}", child(dependency, "version"), () -> child(dependency, "artifactId"));
        }
    }

    private static Element pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    /** The elements reached from {@code from} through direct children named {@code path}. */
    private static List<Element> elements(Element from, String... path) {
        List<Element> level = List.of(from);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element element : level) {
                NodeList children = element.getChildNodes();
                for (int i = 0; i < children.getLength(); i++) {
                    Node node = children.item(i);
                    if (node instanceof Element child && child.getTagName().equals(name)) {
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        return level;
    }

    private static List<String> children(Element from, String... path) {
        return elements(from, path).stream().map(element -> element.getTextContent().trim()).toList();
    }

    private static String child(Element from, String name) {
        return children(from, name).get(0);
    }
}
