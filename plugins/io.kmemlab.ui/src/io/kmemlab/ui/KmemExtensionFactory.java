package io.kmemlab.ui;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExecutableExtension;
import org.eclipse.core.runtime.IExecutableExtensionFactory;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.kmemlab.ui.internal.KmemInjector;

/**
 * Creates plugin.xml contributions through the language's injector:
 * {@code class="io.kmemlab.ui.KmemExtensionFactory:<class name>"}. It stands in for the
 * ExecutableExtensionFactory that Xtext generates into an xtext.ui bundle, which we do not have.
 */
public class KmemExtensionFactory implements IExecutableExtensionFactory, IExecutableExtension {

	private String className;

	@Override
	public void setInitializationData(IConfigurationElement config, String propertyName, Object data) {
		if (data instanceof String name) {
			className = name.trim();
		}
	}

	@Override
	public Object create() throws CoreException {
		if (className == null || className.isEmpty()) {
			throw new CoreException(Status.error("KmemExtensionFactory needs a class name after ':'"));
		}
		try {
			// The classes live in this bundle, so this bundle's class loader must load them.
			Bundle bundle = FrameworkUtil.getBundle(KmemExtensionFactory.class);
			Class<?> type = bundle.loadClass(className);
			return KmemInjector.get().getInstance(type);
		} catch (ClassNotFoundException | RuntimeException e) {
			throw new CoreException(Status.error("Cannot create " + className + " through the kmem injector", e));
		}
	}
}
