package io.kmemlab.ui.quickfix;

import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import com.google.inject.Inject;

import io.kmemlab.lang.ide.quickfix.QuickFix;

/**
 * Quick fixes of kmem problem markers: Ctrl+1 in the editor (the generic editor asks the marker
 * resolutions at the caret) and Quick Fix in the Problems view.
 */
public class KmemMarkerResolutions implements IMarkerResolutionGenerator2 {

	private final FixFinder finder;

	@Inject
	public KmemMarkerResolutions(FixFinder finder) {
		this.finder = finder;
	}

	@Override
	public boolean hasResolutions(IMarker marker) {
		return finder.mayHaveFixes(marker);
	}

	@Override
	public IMarkerResolution[] getResolutions(IMarker marker) {
		FixFinder.Place place = FixFinder.Place.of(marker);
		return finder.fixes(place).stream().map(fix -> new Resolution(finder, place, fix)).toArray(IMarkerResolution[]::new);
	}

	/** One fix; run again on the file's text of the moment it is chosen. */
	static final class Resolution implements IMarkerResolution2 {
		private final FixFinder finder;
		private final FixFinder.Place place;
		private final QuickFix fix;

		Resolution(FixFinder finder, FixFinder.Place place, QuickFix fix) {
			this.finder = finder;
			this.place = place;
			this.fix = fix;
		}

		@Override
		public String getLabel() {
			return fix.label();
		}

		@Override
		public String getDescription() {
			return fix.label();
		}

		@Override
		public Image getImage() {
			return PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJ_ELEMENT);
		}

		@Override
		public void run(IMarker marker) {
			// The text may have changed since the list was shown: take the same fix for today's text.
			List<QuickFix> current = finder.fixes(place);
			QuickFix chosen = current.stream().filter(f -> f.label().equals(fix.label())).findFirst().orElse(null);
			if (chosen == null) {
				return;
			}
			try {
				FileTexts.edit(place.file(), chosen.edits());
			} catch (CoreException e) {
				ILog.of(KmemMarkerResolutions.class).log(e.getStatus());
			}
		}
	}
}
