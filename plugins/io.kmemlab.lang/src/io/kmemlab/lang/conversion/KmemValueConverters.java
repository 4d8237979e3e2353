package io.kmemlab.lang.conversion;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;

/** Value converters of the kmem language: adds NUMBER (addresses, sizes) to the defaults. */
public class KmemValueConverters extends DefaultTerminalConverters {

    private final NumberConverter number = new NumberConverter();

    @ValueConverter(rule = "NUMBER")
    public IValueConverter<Long> NUMBER() {
        return number;
    }
}
