package org.secureta.libjitsi.internal;

import java.util.List;

import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.service.neomedia.SrtpControlType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;
import org.secureta.libjitsi.KeyingSrtpControl;
import org.secureta.srtp.keymgmt.KeyManagement;

/** The unit's MIKEY (the srtp-ta service named Mikey) as a libjitsi SrtpControl: a fresh one per getService. */
@Component(service = {SrtpControl.class, KeyingSrtpControl.class}, scope = ServiceScope.PROTOTYPE,
        property = {KeyManagement.NAME_PROPERTY + "=Mikey"})
public final class MikeySrtpControl extends KeyingSrtpControl {

    @Activate
    public MikeySrtpControl(@Reference(target = "(" + KeyManagement.NAME_PROPERTY + "=Mikey)") KeyManagement mikey,
                            @Reference(policyOption = ReferencePolicyOption.GREEDY) List<KeyManagement> all) {
        super(mikey, all, SrtpControlType.MIKEY);
    }
}
