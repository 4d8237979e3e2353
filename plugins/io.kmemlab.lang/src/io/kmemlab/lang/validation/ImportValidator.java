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
}
