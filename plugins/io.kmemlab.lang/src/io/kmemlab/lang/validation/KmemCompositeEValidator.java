package io.kmemlab.lang.validation;

import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.CompositeEValidator;
import org.eclipse.xtext.validation.FeatureBasedDiagnostic;

/**
 * Runs the language's validators. Xtext's composite logs a validator that throws (a stack
 * trace on the console) and adds an error without a place; here the error sits on the element
 * being checked, with a message a user can act on, and nothing is logged.
 *
 * <p>EMF's structural checks (EObjectValidator: multiplicities, containment of reference
 * targets) are left out: the grammar guarantees them, the linker reports unresolved names,
 * and they look up the resource of every reference target by walking up its containers,
 * which made validating a long expression chain quadratic.
 */
public class KmemCompositeEValidator extends CompositeEValidator {

    @Override
    protected void initDefaults() {
        // no EObjectValidator (see above)
    }

    @Override
    public boolean validate(EObject eObject, DiagnosticChain diagnostics, Map<Object, Object> context) {
        return validate(eObject.eClass(), eObject, diagnostics, context);
    }

    @Override
    public boolean validate(EClass eClass, EObject eObject, DiagnosticChain diagnostics, Map<Object, Object> context) {
        boolean result = true;
        for (EValidatorEqualitySupport validator : List.copyOf(getContents())) {
            try {
                result &= validator.getDelegate().validate(eClass, eObject, diagnostics, context);
            } catch (Throwable e) {   // StackOverflowError included: the user gets a place and a message
                getOperationCanceledManager().propagateAsErrorIfCancelException(e);
                diagnostics.add(failed(eObject, e));
                result = false;
            }
        }
        return result;
    }

    /** The error for a validator that threw {@code e} while checking {@code eObject}. */
    static Diagnostic failed(EObject eObject, Throwable e) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new FeatureBasedDiagnostic(Diagnostic.ERROR, "kmemlab could not check this part of the file"
                + " (its validator failed with " + what + "); this is a bug in kmemlab: please report it with this file",
                eObject, null, -1, CheckType.FAST, IssueCodes.VALIDATOR_FAILED);
    }
}
