package io.kmemlab.lang.validation;

import org.eclipse.xtext.validation.ComposedChecks;

/**
 * The kmem validator: one class per concern, composed here (machines, scenario statements
 * and names, calls of built-ins, imports).
 */
@ComposedChecks(validators = {MachineValidator.class, ScenarioValidator.class, CallValidator.class, ImportValidator.class})
public class KmemValidator extends AbstractKmemValidator {
}
