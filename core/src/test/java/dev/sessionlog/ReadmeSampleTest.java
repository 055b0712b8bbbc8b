package dev.sessionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage sample in the README compiles and runs as printed, and does what its text says. */
class ReadmeSampleTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "<!-- readme-sample -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @Test
    void the_readme_usage_sample_compiles_runs_and_prints_the_quota_notice(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher sample = SAMPLE.matcher(readme);
        assertTrue(sample.find(), "README.md has no java block after <!-- readme-sample -->");
        String source = sample.group(1);
        Matcher className = CLASS_NAME.matcher(source);
        assertTrue(className.find(), "the sample declares a public class");
        assertTrue(source.lines().count() <= 25, "the sample stays short enough to read at a glance");

        Path file = dir.resolve(className.group(1) + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, rc, () -> "the README sample does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));

        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass(className.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(originalOut);
        }
        List<String> printed = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(printed.contains("Model API quota exceeded, try again later."),
                () -> "the sample prints the quota notice; it printed " + printed);
    }
}
