import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns the user documentation (docs/*.md) into Eclipse help: one HTML page per markdown file
 * and a toc.xml with a topic per file (titled by its "# " heading) and a sub-topic per "## "
 * section. Runs at build time (pom.xml), so the markdown stays the only copy of the text.
 *
 * <p>Usage: {@code java -cp COMMONMARK_JARS HelpPages.java OUT_DIR HREF_PREFIX BOOK_LABEL FILE.md...}
 * <br>OUT_DIR receives the pages, the images they show and toc.xml; HREF_PREFIX is OUT_DIR's
 * path inside the bundle (toc hrefs are relative to the bundle's root).
 */
public final class HelpPages {

    private static final String STYLE = """
            body { font-family: sans-serif; font-size: 10pt; line-height: 1.45; margin: 1em 2em; max-width: 62em; }
            h1 { font-size: 1.7em; border-bottom: 1px solid #ccc; padding-bottom: .2em; }
            h2 { font-size: 1.35em; margin-top: 1.6em; border-bottom: 1px solid #eee; }
            h3 { font-size: 1.1em; }
            code { font-family: monospace; background: #f3f3f3; padding: 0 .2em; }
            pre { background: #f6f8fa; border: 1px solid #e1e4e8; padding: .6em .8em; overflow: auto; }
            pre code { background: none; padding: 0; }
            table { border-collapse: collapse; margin: .6em 0; }
            th, td { border: 1px solid #ccc; padding: .25em .5em; vertical-align: top; text-align: left; }
            th { background: #f0f0f0; }
            img { max-width: 100%; border: 1px solid #ddd; }
            """;

    private static final Map<Character, String> XML_ESCAPES = Map.of('&', "&amp;", '<', "&lt;", '>', "&gt;", '"', "&quot;");

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: HelpPages OUT_DIR HREF_PREFIX BOOK_LABEL FILE.md...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String hrefPrefix = args[1];
        String bookLabel = args[2];
        List<Path> sources = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            sources.add(Path.of(args[i]).toAbsolutePath().normalize());
        }
        Files.createDirectories(out);
        Map<Path, String> pageNames = new LinkedHashMap<>();
        for (Path source : sources) {
            pageNames.put(source, htmlName(source));
        }
        StringBuilder toc = new StringBuilder();
        toc.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?NLS TYPE=\"org.eclipse.help.toc\"?>\n");
        toc.append("<!-- Generated from the docs/ markdown at build time; edit the markdown, not this file. -->\n");
        toc.append("<toc label=\"").append(xml(bookLabel)).append("\" topic=\"").append(xml(hrefPrefix + pageNames.get(sources.get(0)))).append("\">\n");
        for (Path source : sources) {
            Page page = convert(source, pageNames, out);
            String href = hrefPrefix + pageNames.get(source);
            Files.writeString(out.resolve(pageNames.get(source)), page.html(), StandardCharsets.UTF_8);
            toc.append("   <topic label=\"").append(xml(page.title())).append("\" href=\"").append(xml(href)).append("\">\n");
            for (Section section : page.sections()) {
                toc.append("      <topic label=\"").append(xml(section.label())).append("\" href=\"")
                        .append(xml(href + "#" + section.id())).append("\"/>\n");
            }
            toc.append("   </topic>\n");
        }
        toc.append("</toc>\n");
        Files.writeString(out.resolve("toc.xml"), toc.toString(), StandardCharsets.UTF_8);
    }

    record Section(String id, String label) {
    }

    record Page(String title, List<Section> sections, String html) {
    }

    private static Page convert(Path source, Map<Path, String> pageNames, Path out) throws IOException {
        Node document = Parser.builder().extensions(EXTENSIONS).build()
                .parse(Files.readString(source, StandardCharsets.UTF_8));
        Map<Heading, String> ids = headingIds(document);
        String title = null;
        List<Section> sections = new ArrayList<>();
        for (Map.Entry<Heading, String> heading : ids.entrySet()) {
            String text = textOf(heading.getKey());
            if (heading.getKey().getLevel() == 1 && title == null) {
                title = text;
            } else if (heading.getKey().getLevel() == 2) {
                sections.add(new Section(heading.getValue(), text));
            }
        }
        if (title == null) {
            throw new IllegalArgumentException(source + ": the page needs a '# ' title line (it names the help topic)");
        }
        Path directory = source.getParent();
        List<Path> images = new ArrayList<>();
        AttributeProvider attributes = (node, tagName, map) -> {
            if (node instanceof Heading heading && ids.containsKey(heading)) {
                map.put("id", ids.get(heading));
            } else if (node instanceof Link link) {
                map.put("href", linkTarget(source, link.getDestination(), pageNames));
            } else if (node instanceof Image image && isRelative(image.getDestination())) {
                images.add(Path.of(image.getDestination()));
            }
        };
        String body = HtmlRenderer.builder().extensions(EXTENSIONS).attributeProviderFactory(context -> attributes).build()
                .render(document);
        for (Path image : images) {
            Path target = out.resolve(image).normalize();
            Files.createDirectories(target.getParent());
            Files.copy(directory.resolve(image), target, StandardCopyOption.REPLACE_EXISTING);
        }
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>" + xml(title)
                + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
        return new Page(title, sections, html);
    }

    /** GitHub-style ids (lower case, punctuation dropped, spaces to '-'), unique within the page. */
    private static Map<Heading, String> headingIds(Node document) {
        Map<Heading, String> ids = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String base = textOf(heading).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").trim()
                        .replace(' ', '-');
                String id = base;
                for (int n = 1; !used.add(id); n++) {
                    id = base + "-" + n;
                }
                ids.put(heading, id);
            }
        });
        return ids;
    }

    private static String textOf(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString().trim();
    }

    /** A link to another converted page points at its HTML page; any other link is kept. */
    private static String linkTarget(Path source, String destination, Map<Path, String> pageNames) {
        if (!isRelative(destination)) {
            return destination;
        }
        int hash = destination.indexOf('#');
        String file = hash < 0 ? destination : destination.substring(0, hash);
        String anchor = hash < 0 ? "" : destination.substring(hash);
        if (file.isEmpty()) {
            return destination;
        }
        String page = pageNames.get(source.getParent().resolve(file).normalize());
        if (page == null) {
            System.err.println("HelpPages: warning: " + source.getFileName() + " links to " + destination
                    + ", which is not part of the help; the link will not work in the help window");
            return destination;
        }
        return page + anchor;
    }

    private static boolean isRelative(String destination) {
        return !destination.contains(":") && !destination.startsWith("/");
    }

    private static String htmlName(Path markdown) {
        String name = markdown.getFileName().toString();
        return (name.endsWith(".md") ? name.substring(0, name.length() - 3) : name) + ".html";
    }

    private static String xml(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            escaped.append(XML_ESCAPES.getOrDefault(c, String.valueOf(c)));
        }
        return escaped.toString();
    }
}
