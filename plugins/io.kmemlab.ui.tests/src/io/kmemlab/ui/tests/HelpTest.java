package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.help.HelpSystem;
import org.eclipse.help.IToc;
import org.eclipse.help.ITopic;
import org.eclipse.help.internal.base.BaseHelpSystem;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.forms.widgets.ImageHyperlink;
import org.junit.jupiter.api.Test;
import io.kmemlab.debug.ui.tests.Ui;

/**
 * Help > Help Contents: the kmemlab book holds the getting-started guide, the language
 * reference and the guide for crash and drgn users, generated from docs/*.md, chapter for chapter; the help server serves the pages;
 * the Help view lists the book. Screenshot: product-help.png.
 */
class HelpTest {

	private static final String HELP_VIEW_ID = "org.eclipse.help.ui.HelpView";

	@Test
	void theBookHasTheGuideAndEveryChapterOfTheLanguageReference() throws IOException {
		ITopic[] topics = kmemlabBook().getTopics();
		assertEquals(List.of(title("getting-started.md"), title("language.md"), title("crash-and-drgn.md")),
				Arrays.stream(topics).map(ITopic::getLabel).toList());
		assertEquals(chapters("getting-started.md"), Arrays.stream(topics[0].getSubtopics()).map(ITopic::getLabel).toList());
		assertEquals(chapters("language.md"), Arrays.stream(topics[1].getSubtopics()).map(ITopic::getLabel).toList());
		assertEquals(chapters("crash-and-drgn.md"), Arrays.stream(topics[2].getSubtopics()).map(ITopic::getLabel).toList());
	}

	@Test
	void everyTopicLeadsToItsSectionOfAPage() throws IOException {
		for (ITopic book : kmemlabBook().getTopics()) {
			for (ITopic chapter : book.getSubtopics()) {
				String href = chapter.getHref();
				int hash = href.indexOf('#');
				assertTrue(hash > 0, "no section anchor in " + href);
				String page = read(HelpSystem.getHelpContent(href.substring(0, hash)), href);
				assertTrue(page.contains("id=\"" + href.substring(hash + 1) + "\""), () -> "no section " + href);
			}
		}
	}

	@Test
	void theHelpServerServesTheLanguageReference() throws IOException {
		String href = kmemlabBook().getTopics()[1].getHref();
		URL url = BaseHelpSystem.resolve(href, true);
		assertTrue(url.getProtocol().startsWith("http"), "the help server did not start: " + url);
		HttpURLConnection connection = (HttpURLConnection) url.openConnection();
		assertEquals(200, connection.getResponseCode(), url.toString());
		String page = read(connection.getInputStream(), url.toString());
		for (ITopic chapter : kmemlabBook().getTopics()[1].getSubtopics()) {
			String id = chapter.getHref().substring(chapter.getHref().indexOf('#') + 1);
			assertTrue(page.contains("id=\"" + id + "\""), () -> "the served page has no chapter " + chapter.getLabel());
		}
		// The Help Contents frame set is a JSP page: the webapp's JSP engine works.
		HttpURLConnection index = (HttpURLConnection) new URL(url.getProtocol(), url.getHost(), url.getPort(), "/help/index.jsp").openConnection();
		assertEquals(200, index.getResponseCode(), "Help Contents (index.jsp) did not load");
	}

	@Test
	void theHelpViewListsTheKmemlabBook() throws Exception {
		IViewPart view = Ui.page().showView(HELP_VIEW_ID);
		Ui.window().getShell().setBounds(0, 0, 1400, 900);
		Ui.settle(Duration.ofSeconds(1));
		ImageHyperlink contents = Widgets.find(Ui.window().getShell(), ImageHyperlink.class,
				link -> "Contents".equals(link.getText())).stream().findFirst()
				.orElseThrow(() -> new AssertionError("the Help view has no Contents link"));
		Event enter = new Event();
		enter.character = '\r';
		contents.notifyListeners(SWT.KeyDown, enter); // a hyperlink activates on Enter as on a click
		Tree[] tree = new Tree[1];
		assertTrue(Ui.waitFor(() -> {
			tree[0] = Widgets.find(Ui.window().getShell(), Tree.class,
					t -> Arrays.stream(t.getItems()).anyMatch(item -> "kmemlab".equals(item.getText()))).stream().findFirst().orElse(null);
			return tree[0] != null;
		}, Duration.ofSeconds(20)), () -> "the Help view's contents have no kmemlab book; its trees: "
				+ Widgets.find(Ui.window().getShell(), Tree.class).stream()
						.map(t -> Arrays.stream(t.getItems()).map(TreeItem::getText).toList()).toList());
		TreeItem book = Arrays.stream(tree[0].getItems()).filter(item -> "kmemlab".equals(item.getText())).findFirst().orElseThrow();
		expand(book);
		List<String> shown = Arrays.stream(book.getItems()).map(TreeItem::getText).toList();
		assertEquals(List.of(title("getting-started.md"), title("language.md"), title("crash-and-drgn.md")), shown);
		for (TreeItem topic : book.getItems()) {
			expand(topic);
		}
		tree[0].setTopItem(book);
		Ui.page().setPartState(Ui.page().getReference(view), org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
		Ui.settle(Duration.ofSeconds(1));
		Ui.screenshot(Ui.window().getShell(), "product-help.png");
		Ui.page().setPartState(Ui.page().getReference(view), org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
		Ui.page().hideView(view);
	}

	private static void expand(TreeItem item) {
		Event event = new Event();
		event.item = item;
		item.getParent().notifyListeners(SWT.Expand, event);
		item.setExpanded(true);
		Ui.settle(Duration.ofMillis(200));
	}

	private static IToc kmemlabBook() {
		IToc[] tocs = HelpSystem.getTocs();
		return Arrays.stream(tocs).filter(toc -> "kmemlab".equals(toc.getLabel())).findFirst()
				.orElseThrow(() -> new AssertionError("no kmemlab book among " + Arrays.stream(tocs).map(IToc::getLabel).toList()));
	}

	/** The page's "# " title, as the help shows it (code spans without their backquotes). */
	private static String title(String doc) throws IOException {
		return headings(doc, "# ").get(0);
	}

	/** The page's "## " headings, which the book lists as its chapters. */
	private static List<String> chapters(String doc) throws IOException {
		return headings(doc, "## ");
	}

	private static List<String> headings(String doc, String marker) throws IOException {
		List<String> lines = Files.readAllLines(RepositoryFiles.root().resolve("docs").resolve(doc), StandardCharsets.UTF_8);
		List<String> headings = new java.util.ArrayList<>();
		boolean inCode = false;
		for (String line : lines) {
			if (line.startsWith("```")) {
				inCode = !inCode;
			} else if (!inCode && line.startsWith(marker)) {
				headings.add(line.substring(marker.length()).replace("`", "").trim());
			}
		}
		assertTrue(!headings.isEmpty(), "docs/" + doc + " has no '" + marker + "' lines");
		return headings;
	}

	private static String read(InputStream in, String what) throws IOException {
		assertNotNull(in, "no content for " + what);
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
