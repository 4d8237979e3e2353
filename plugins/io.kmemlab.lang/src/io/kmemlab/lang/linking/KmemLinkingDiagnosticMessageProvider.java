package io.kmemlab.lang.linking;

import com.google.inject.Inject;
import io.kmemlab.lang.kmem.KmemPackage;
import io.kmemlab.lang.scoping.Suggestions;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScopeProvider;

/** "unknown machine 'pc8': did you mean pc8g?" instead of Xtext's "Couldn't resolve reference". */
public class KmemLinkingDiagnosticMessageProvider extends LinkingDiagnosticMessageProvider {

    @Inject
    private IScopeProvider scopeProvider;

    @Override
    public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
        if (context.getReference() != KmemPackage.Literals.SCENARIO__MACHINE) {
            return super.getUnresolvedProxyMessage(context);
        }
        List<String> machines = new ArrayList<>();
        try {
            for (IEObjectDescription d : scopeProvider.getScope(context.getContext(), context.getReference()).getAllElements()) {
                machines.add(d.getName().toString());
            }
        } catch (RuntimeException e) {
            // a broken import must not hide the message itself
        }
        String name = context.getLinkText();
        String known = machines.isEmpty() ? "no machine is visible here (declare one with `machine NAME { }` or import a file)"
                : "visible machines: " + String.join(", ", machines);
        return new DiagnosticMessage("unknown machine '" + name + "'" + Suggestions.didYouMean(name, machines) + " (" + known + ")",
                Severity.ERROR, Diagnostic.LINKING_DIAGNOSTIC, Suggestions.closest(name, machines).toArray(String[]::new));
    }
}
