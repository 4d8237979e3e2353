package io.kmemlab.lang.formatting2;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.util.List;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.XtextResource;

/** Formats a whole parsed .kmem resource to text: for tests, the CLI and the editor. */
public class KmemFormatting {

    @Inject
    private IFormatter2 formatter;

    @Inject
    private Provider<FormatterRequest> requests;

    @Inject
    private Provider<TextRegionAccessBuilder> regionAccess;

    /** The formatted text of a resource that parsed without syntax errors. */
    public String format(XtextResource resource) {
        ITextRegionAccess access = regionAccess.get().forNodeModel(resource).create();
        FormatterRequest request = requests.get();
        request.setTextRegionAccess(access);
        List<ITextReplacement> replacements = formatter.format(request);
        return access.getRewriter().renderToString(replacements);
    }
}
