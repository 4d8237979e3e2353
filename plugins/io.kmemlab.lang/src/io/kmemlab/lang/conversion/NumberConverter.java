package io.kmemlab.lang.conversion;

import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Integer literals as docs/language.md section 1 defines them: decimal or 0x hex, '_' separators, and the
 * size suffixes K M G T (powers of 1024). Values are 64-bit and unsigned, because kernel
 * addresses such as 0xffffffff80000000 do not fit a signed long.
 */
public class NumberConverter implements IValueConverter<Long> {

    @Override
    public Long toValue(String text, INode node) throws ValueConverterException {
        if (text == null || text.isEmpty()) {
            throw new ValueConverterException("a number is missing here", node, null);
        }
        String digits = text.replace("_", "");
        try {
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                String hex = digits.substring(2);
                if (hex.isEmpty()) {
                    throw new ValueConverterException("'" + text + "' has no hex digits after 0x", node, null);
                }
                if (hex.length() > 16) {
                    throw new ValueConverterException("'" + text + "' does not fit in 64 bits", node, null);
                }
                return Long.parseUnsignedLong(hex, 16);
            }
            int shift = switch (digits.charAt(digits.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
            String decimal = shift == 0 ? digits : digits.substring(0, digits.length() - 1);
            long value = Long.parseUnsignedLong(decimal);
            if (shift > 0 && Long.compareUnsigned(value, -1L >>> shift) > 0) {
                throw new ValueConverterException("'" + text + "' does not fit in 64 bits", node, null);
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new ValueConverterException("'" + text + "' is not a number that fits in 64 bits", node, e);
        }
    }

    @Override
    public String toString(Long value) throws ValueConverterException {
        if (value == null) {
            throw new ValueConverterException("no value to write", null, null);
        }
        // Small numbers read best in decimal, addresses in hex (as the kernel prints them).
        return Long.compareUnsigned(value, 0x10000) < 0 ? Long.toString(value) : "0x" + Long.toHexString(value);
    }
}
