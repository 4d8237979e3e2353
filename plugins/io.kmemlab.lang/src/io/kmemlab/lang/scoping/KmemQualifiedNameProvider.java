package io.kmemlab.lang.scoping;

import io.kmemlab.lang.kmem.Expression;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.naming.DefaultDeclarativeQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;

/**
 * Names of declarations (machines, scenarios, lets ...) as Xtext's default gives them; an
 * expression has none. The default would name every {@code NameRef} (it has a name
 * attribute) and, to look up its cache, walk from every expression to its resource: a chain
 * {@code a + b + c ...} of n terms is n levels deep, so that walk made loading quadratic.
 * Names in expressions are resolved by {@link NameResolver}, never through the index.
 */
public class KmemQualifiedNameProvider extends DefaultDeclarativeQualifiedNameProvider {

    @Override
    public QualifiedName getFullyQualifiedName(EObject obj) {
        return obj instanceof Expression ? null : super.getFullyQualifiedName(obj);
    }
}
