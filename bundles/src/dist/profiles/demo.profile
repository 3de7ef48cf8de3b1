# SecureTA demo unit: TLS signalling to a proxy on loopback, SDES-keyed SRTP.
# One Service.Variable=Value per line; table cells as Service.Table[Key].Column=Value.

# Time: no SNTP server in the demo, so certificate dates are checked against the host clock
# (lab override; a real unit names Hoc.StaticSntpServers and leaves this Disable)
SecureTA.LabAllowUnsynchronisedClock=Enable

# SIP > Transport: TLS for the whole unit (guide 2.6), persistent links from port 16000
SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable
SipEp.TransportConfig[OpenSIPS].UdpEnable=Disable
SipEp.TransportConfig[OpenSIPS].RegistrationEnable=Enable
SipEp.TransportConfig[OpenSIPS].ContactEnable=Enable
SipEp.TransportPersistentBasePort=16000
SipEp.TransportTlsVersion=TLSv1_2
SipEp.TransportTlsCipherSuite=CS3
SipEp.InteropTlsCertificateValidation=HostName

# SIP > Gateways and Servers (guide 2.5)
SipEp.Gateway[OpenSIPS].Type=Endpoint
SipEp.GwSpecificRegistration[OpenSIPS].ServerHost=127.0.0.1:5062
SipEp.GwSpecificProxy[OpenSIPS].HomeDomainHost=127.0.0.1:5062

# The line and its credentials
SipEp.UserAgent[Port1].Username=100
SipEp.UserAgent[Port1].FriendlyName=Demo line 1
SipEp.UserAgent[Port1].GatewayName=OpenSIPS
SipEp.Authentication[Port1].Username=100
SipEp.Authentication[Port1].Password=demo-secret-100

# Telephony > CODECs: secure RTP (guide 2.7)
Mipt.DefaultSecurityRtpMode=Secure
Mipt.DefaultSecurityKeyManagement=Sdes
Mipt.DefaultSecurityRtpEncryption=AesCm128
