package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IBundleGroup;
import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.branding.IBundleGroupConstants;
import org.eclipse.ui.editors.text.EditorsUI;
import org.eclipse.ui.internal.dialogs.AboutDialog;
import org.eclipse.ui.texteditor.AbstractDecoratedTextEditorPreferenceConstants;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import io.kmemlab.ui.KmemUi;
import io.kmemlab.ui.perspective.KmemPerspective;
import io.kmemlab.debug.ui.tests.Ui;

/**
 * The tests run in the kmemlab IDE product (the pom names it): Help > About shows kmemlab with
 * its version and feature, the feature is an installed bundle group, and a fresh workspace
 * starts in the kmemlab perspective with UTF-8 and line numbers. Screenshot: product-about.png.
 */
class ProductTest {

	private static final String FEATURE_ID = "io.kmemlab.feature";

	@Test
	void theIdeIsTheKmemlabProduct() {
		IProduct product = Platform.getProduct();
		assertNotNull(product, "no product is running");
		assertEquals(KmemUi.PRODUCT_ID, product.getId());
		assertEquals("kmemlab IDE", product.getName());
	}

	@Test
	void aboutShowsKmemlabItsVersionAndItsFeature() throws Exception {
		Version version = Platform.getBundle(KmemUi.PLUGIN_ID).getVersion();
		AboutDialog about = new AboutDialog(Ui.window().getShell());
		about.setBlockOnOpen(false);
		about.open();
		try {
			Ui.settle(Duration.ofMillis(500));
			String text = Widgets.find(about.getShell(), StyledText.class).stream().map(StyledText::getText)
					.collect(Collectors.joining("\n"));
			assertTrue(text.startsWith("kmemlab IDE"), text);
			String expected = "Version " + version.getMajor() + "." + version.getMinor() + "." + version.getMicro()
					+ " (build " + version.getQualifier() + ")";
			assertTrue(text.contains(expected), () -> "no '" + expected + "' in the About text:\n" + text);
			assertFalse(text.contains("{0}") || text.contains("{1}"), "unfilled mappings: " + text);
			List<Button> features = Widgets.find(about.getShell(), Button.class,
					button -> button.getToolTipText() != null && button.getToolTipText().startsWith("kmemlab"));
			assertEquals(1, features.size(), "the About dialog shows no kmemlab feature button");
			Ui.screenshot(about.getShell(), "product-about.png");
		} finally {
			about.close();
		}
	}

	@Test
	void theKmemlabFeatureIsAnInstalledBundleGroupWithItsBranding() {
		List<IBundleGroup> groups = Arrays.stream(Platform.getBundleGroupProviders())
				.flatMap(provider -> Arrays.stream(provider.getBundleGroups())).toList();
		IBundleGroup kmemlab = groups.stream().filter(group -> FEATURE_ID.equals(group.getIdentifier())).findFirst()
				.orElseThrow(() -> new AssertionError("no bundle group " + FEATURE_ID + " among "
						+ groups.stream().map(IBundleGroup::getIdentifier).toList()));
		assertTrue(kmemlab.getName().startsWith("kmemlab"), kmemlab.getName());
		assertEquals("kmemlab", kmemlab.getProviderName());
		Version feature = Version.parseVersion(kmemlab.getVersion());
		Version bundle = Platform.getBundle(KmemUi.PLUGIN_ID).getVersion();
		assertEquals(new Version(bundle.getMajor(), bundle.getMinor(), bundle.getMicro()),
				new Version(feature.getMajor(), feature.getMinor(), feature.getMicro()));
		assertTrue(Arrays.stream(kmemlab.getBundles()).anyMatch(b -> b.getSymbolicName().equals(KmemUi.PLUGIN_ID)),
				"the feature does not list io.kmemlab.ui");
		assertNotNull(kmemlab.getProperty(IBundleGroupConstants.FEATURE_IMAGE), "the feature has no image for About");
		// The About dialog fills {0} and {1} from the branding bundle's about.mappings (checked in
		// aboutShowsKmemlabItsVersionAndItsFeature, through the product text of the same bundle).
		String aboutText = kmemlab.getProperty(IBundleGroupConstants.ABOUT_TEXT);
		assertTrue(aboutText.startsWith("kmemlab") && aboutText.contains("Version {1} (build {0})"), aboutText);
	}

	@Test
	void aFreshWorkspaceIsUtf8WithLineNumbersInTheKmemlabPerspective() throws CoreException {
		assertEquals(StandardCharsets.UTF_8.name(), ResourcesPlugin.getWorkspace().getRoot().getDefaultCharset());
		assertTrue(EditorsUI.getPreferenceStore().getBoolean(AbstractDecoratedTextEditorPreferenceConstants.EDITOR_LINE_NUMBER_RULER),
				"line numbers are off");
		assertEquals(KmemPerspective.ID, PlatformUI.getWorkbench().getPerspectiveRegistry().getDefaultPerspective());
	}

	@Test
	void theKmemlabPerspectiveShowsProblemsNotTasks() throws Exception {
		IWorkbenchPage page = Ui.page();
		IPerspectiveDescriptor kmemlab = PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(KmemPerspective.ID);
		page.setPerspective(kmemlab);
		page.resetPerspective();
		assertNotNull(page.findView(IPageLayout.ID_PROBLEM_VIEW), "no Problems view");
		assertTrue(page.isPartVisible(page.findView(IPageLayout.ID_PROBLEM_VIEW)), "the Problems view is hidden");
		assertNull(page.findView(IPageLayout.ID_TASK_LIST), "the Tasks view is open");
		assertNotNull(page.findView(IPageLayout.ID_PROJECT_EXPLORER), "no Project Explorer");
		Ui.settle(Duration.ofSeconds(1));
		Ui.screenshot(Ui.window().getShell(), "product-first-start.png");
	}
}
