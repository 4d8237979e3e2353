package io.kmemlab.ui.internal;

import com.google.inject.Injector;

import io.kmemlab.lang.ide.KmemIdeSetup;

/**
 * The language's Guice injector for the editor, created on first use.
 *
 * <p>Creating it registers the kmem EPackage and resource factory with EMF, which is slow and
 * must happen once; the holder idiom gives thread-safe lazy creation without locking.
 */
public final class KmemInjector {

	private KmemInjector() {
	}

	public static Injector get() {
		return Holder.INJECTOR;
	}

	private static final class Holder {
		static final Injector INJECTOR = new KmemIdeSetup().createInjectorAndDoEMFRegistration();
	}
}
