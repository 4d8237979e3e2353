package io.kmemlab.lang.ide.contentassist;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.inject.Singleton;

/**
 * Threads for Xtext's ContentAssistContextFactory, which computes follow elements in parallel
 * and expects a pool to be handed to it (xtext.ui would bind one; nothing does here).
 */
@Singleton
public class ContentAssistPool {

	private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "kmem content assist");
		thread.setDaemon(true); // never keeps the workbench from shutting down
		return thread;
	});

	public ExecutorService executor() {
		return executor;
	}
}
