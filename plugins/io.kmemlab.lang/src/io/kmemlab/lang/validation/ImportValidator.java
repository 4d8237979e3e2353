package io.kmemlab.lang.validation;

import io.kmemlab.lang.kmem.Import;
import io.kmemlab.lang.kmem.KmemPackage;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.URIConverter;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

/** An import names a .kmem file relative to the importing file, and that file must exist. */
public class ImportValidator extends AbstractDeclarativeValidator {

    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed into KmemValidator; not registered on its own
    }

    @Check
    public void checkImport(Import imp) {
        String path = imp.getImportURI();
        Resource resource = imp.eResource();
        if (path == null || resource == null || resource.getURI() == null) {
            return;
        }
        int bad = badCharacter(path);
        if (bad >= 0) {
            String what = path.charAt(bad) == 0 ? "a NUL character (\\0)"
                    : "the control character " + escaped(path.substring(bad, bad + 1));
            error("import \"" + escaped(path) + "\": a file name cannot contain " + what, imp,
                    KmemPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.IMPORT_NOT_FOUND);
            return;
        }
        if (!path.endsWith(".kmem")) {
            error("import \"" + path + "\": only .kmem files can be imported", imp,
                    KmemPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.IMPORT_NOT_FOUND);
            return;
        }
        URI uri;
        try {
            uri = URI.createURI(path).resolve(resource.getURI());
        } catch (IllegalArgumentException e) {
            return; // the resource has no hierarchical URI (an in-memory test resource)
        }
        URIConverter converter = resource.getResourceSet() != null ? resource.getResourceSet().getURIConverter()
                : URIConverter.INSTANCE;
        if (!converter.exists(uri, null)) {
            error("import \"" + path + "\": no such file (" + uri.toFileString() + "); paths are relative to this file",
                    imp, KmemPackage.Literals.IMPORT__IMPORT_URI, IssueCodes.IMPORT_NOT_FOUND);
        }
    }

    /** Where {@code path} has a character no file name can hold (NUL and the other control characters); -1 if nowhere. */
    public static int badCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    /** The path with control characters written as escapes (\0, \x1b), so that a message shows them. */
    static String escaped(String path) {
        StringBuilder b = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c == 0) {
                b.append("\\0");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
