package io.kmemlab.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.ui.examples.ExamplesProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./kmemlab ide links examples/ into the workspace and opens the lowest-numbered walkthrough. */
class ExamplesProjectTest {

    @TempDir
    Path examples;

    @AfterEach
    void removeProject() throws CoreException {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("kmemlab-examples");
        if (project.exists()) {
            project.delete(false, true, new NullProgressMonitor()); // keep the files: they are the user's
        }
    }

    @Test
    void linksTheFolderAndPicksTheFirstWalkthrough() throws IOException, CoreException {
        Files.writeString(examples.resolve("machines.kmem"), "machine m { arch x86_64 ram 0x0 size 1G }\n");
        Files.writeString(examples.resolve("02_second.kmem"), "import \"machines.kmem\"\n");
        Files.writeString(examples.resolve("01_first.kmem"), "import \"machines.kmem\"\n");

        IFile first = ExamplesProject.importExamples(examples.toFile(), new NullProgressMonitor());

        assertNotNull(first);
        assertEquals("01_first.kmem", first.getName());
        IProject project = first.getProject();
        assertTrue(project.isOpen());
        assertEquals(examples.toRealPath(), Path.of(project.getLocation().toOSString()).toRealPath());
        assertTrue(project.getFile("machines.kmem").exists(), "the project shows the folder's files");
    }

    @Test
    void runningTwiceReusesTheProject() throws IOException, CoreException {
        Files.writeString(examples.resolve("01_only.kmem"), "\n");
        IFile once = ExamplesProject.importExamples(examples.toFile(), new NullProgressMonitor());
        IFile twice = ExamplesProject.importExamples(examples.toFile(), new NullProgressMonitor());
        assertEquals(once, twice);
    }
}
