/**
 * The unit's keying (MIKEY, strict SDES) as libjitsi {@code SrtpControl}s. Each method is a
 * prototype-scoped OSGi service of type {@link org.secureta.libjitsi.KeyingSrtpControl} (and
 * {@code org.jitsi.service.neomedia.SrtpControl}) with the service property
 * {@code keymgmt.name}: every {@code ServiceObjects.getService()} gives a fresh control for one
 * media stream, to hand to {@code MediaService.createMediaStream}.
 */
@Export
@Version("1.1.0")
package org.secureta.libjitsi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
