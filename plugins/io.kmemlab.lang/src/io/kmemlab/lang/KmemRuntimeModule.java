package io.kmemlab.lang;

import io.kmemlab.lang.conversion.KmemValueConverters;
import org.eclipse.xtext.conversion.IValueConverterService;

/** Guice bindings of the kmem language runtime; the generated defaults are in AbstractKmemRuntimeModule. */
public class KmemRuntimeModule extends AbstractKmemRuntimeModule {

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return KmemValueConverters.class;
    }
}
