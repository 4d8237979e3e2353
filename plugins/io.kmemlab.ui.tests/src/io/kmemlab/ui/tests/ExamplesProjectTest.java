package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kmemlab.ui.examples.BundledExamples;
import io.kmemlab.ui.examples.ExamplesProject;
import io.kmemlab.ui.examples.FirstStart;
import io.kmemlab.debug.ui.tests.Ui;

/**
 * The examples project is a copy of the repository's examples/ in the workspace: never a link
 * to the clone, so files made in the IDE stay out of the repository.
 */
class ExamplesProjectTest {

	private static final String PROJECT = "examples-copy-test";

	@AfterEach
	void removeProjects() throws CoreException {
		for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
			if (project.getName().startsWith(PROJECT) || project.getName().startsWith(ExamplesProject.DEFAULT_NAME)) {
				project.delete(true, true, new NullProgressMonitor()); // copies: their files go too
			}
		}
	}

	@Test
	void theBundleShipsTheRepositorysExamples() throws IOException {
		assertEquals(RepositoryFiles.exampleNames(), BundledExamples.names());
	}

	@Test
	void theProjectHoldsCopiesInTheWorkspaceNotLinks() throws IOException, CoreException {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
		IFile first = ExamplesProject.create(project, null, new NullProgressMonitor());

		assertCopyOfTheExamples(project);
		assertNotNull(first);
		assertEquals(RepositoryFiles.exampleNames().stream().filter(n -> Character.isDigit(n.charAt(0))).findFirst().orElseThrow(),
				first.getName(), "the lowest-numbered walkthrough is the one to open");

		// Editing the copy leaves the clone's file alone.
		Path original = RepositoryFiles.examples().resolve(first.getName());
		byte[] before = Files.readAllBytes(original);
		first.setContents(new ByteArrayInputStream("// changed in the IDE\n".getBytes(StandardCharsets.UTF_8)), true, false, null);
		project.getFile("new.kmem").create(new ByteArrayInputStream(new byte[0]), true, null);
		assertArrayEquals(before, Files.readAllBytes(original));
		assertFalse(Files.exists(RepositoryFiles.examples().resolve("new.kmem")), "a file made in the IDE reached the clone");
	}

	@Test
	void aTakenNameGetsANumber() throws CoreException {
		IProject taken = ResourcesPlugin.getWorkspace().getRoot().getProject(ExamplesProject.DEFAULT_NAME);
		taken.create(null);
		assertEquals(ExamplesProject.DEFAULT_NAME + "-2", ExamplesProject.freeName());
	}

	@Test
	void theFirstStartCopiesTheExamplesOnceAndLeavesAnExistingProjectAlone() throws IOException, CoreException {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(ExamplesProject.DEFAULT_NAME);
		IFile first = FirstStart.perform(new NullProgressMonitor());
		assertNotNull(first, "the first start made no project");
		assertTrue(FirstStart.isDone());
		assertCopyOfTheExamples(project);

		project.getFile("mine.kmem").create(new ByteArrayInputStream(new byte[0]), true, null);
		assertNull(FirstStart.perform(new NullProgressMonitor()), "a second first start copied again");
		assertTrue(project.getFile("mine.kmem").exists(), "the user's file went away");
	}

	@Test
	void theCopiedExamplesShowNoErrorsOrWarningsInProblems() throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(ExamplesProject.DEFAULT_NAME);
		assertNotNull(FirstStart.perform(new NullProgressMonitor()), "the first start made no project");
		// The workspace validation marks every .kmem file of the new project, and the resources
		// plugin its encoding check; wait for both, then read what the Problems view lists.
		Ui.settle(java.time.Duration.ofSeconds(1));
		WorkspaceValidationTest.awaitWorkspaceValidation();
		org.eclipse.core.runtime.jobs.Job.getJobManager().join(org.eclipse.core.resources.ResourcesPlugin.FAMILY_AUTO_BUILD, null);
		Ui.settle(java.time.Duration.ofSeconds(1));
		assertTrue(Arrays.stream(project.members()).anyMatch(r -> r.getName().endsWith(".kmem")), "no examples were copied");
		List<String> problems = Arrays.stream(project.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE))
				.filter(m -> m.getAttribute(IMarker.SEVERITY, IMarker.SEVERITY_INFO) >= IMarker.SEVERITY_WARNING)
				.map(m -> m.getResource().getName() + ":" + m.getAttribute(IMarker.LINE_NUMBER, 0) + " "
						+ m.getAttribute(IMarker.MESSAGE, ""))
				.toList();
		assertEquals(List.of(), problems, "the examples project starts with problems");
	}

	/** Every repository example, byte for byte, as a plain file inside the workspace, UTF-8 explicitly. */
	static void assertCopyOfTheExamples(IProject project) throws IOException, CoreException {
		assertTrue(project.isOpen());
		assertNull(project.getDescription().getLocationURI(), "the project is not in the workspace");
		Path workspace = Path.of(ResourcesPlugin.getWorkspace().getRoot().getLocation().toOSString()).toRealPath();
		Path location = Path.of(project.getLocation().toOSString()).toRealPath();
		assertTrue(location.startsWith(workspace), location + " is outside the workspace " + workspace);
		assertFalse(location.startsWith(RepositoryFiles.examples().toRealPath()), "the project lies in the clone's examples/");
		assertEquals(StandardCharsets.UTF_8.name(), project.getDefaultCharset(false), "no explicit encoding");

		List<String> names = Arrays.stream(project.members()).filter(r -> r.getType() == IResource.FILE)
				.map(IResource::getName).filter(n -> n.endsWith(".kmem")).sorted().toList();
		assertEquals(RepositoryFiles.exampleNames(), names);
		for (String name : names) {
			IFile file = project.getFile(name);
			assertFalse(file.isLinked(), name + " is a link");
			assertArrayEquals(Files.readAllBytes(RepositoryFiles.examples().resolve(name)),
					Files.readAllBytes(Path.of(file.getLocation().toOSString())), name + " differs from the repository's");
		}
		IMarker[] encoding = project.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO);
		assertEquals(0, encoding.length, () -> "problems on the project: " + Arrays.toString(encoding));
	}
}
