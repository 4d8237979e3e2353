package io.kmemlab.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Files of the kmemlab repository the tests compare with (the pom passes its root as kmemlab.repository). */
final class RepositoryFiles {

	private RepositoryFiles() {
	}

	static Path root() {
		String root = System.getProperty("kmemlab.repository");
		if (root == null) {
			throw new AssertionError("the test runtime has no kmemlab.repository system property (set in the pom)");
		}
		return Path.of(root).toAbsolutePath().normalize();
	}

	static Path examples() {
		return root().resolve("examples");
	}

	/** Names of the .kmem files of the repository's examples/, sorted. */
	static List<String> exampleNames() throws IOException {
		try (Stream<Path> files = Files.list(examples())) {
			return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".kmem")).sorted().toList();
		}
	}
}
