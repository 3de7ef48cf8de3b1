# The guide's lab: the unit registers through the gateway "OpenSIPS" with a proxy at
# 192.168.120.11:5062 over TLS, transport parameters in Contacts (guide 3.3), two lines.
SipEp.Gateway[OpenSIPS].Port=5062
SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable
SipEp.TransportConfig[OpenSIPS].RegistrationEnable=Enable
SipEp.TransportConfig[OpenSIPS].ContactEnable=Enable
SipEp.GwSpecificRegistration[OpenSIPS].ServerHost=192.168.120.11:5062
SipEp.GwSpecificProxy[OpenSIPS].HomeDomainHost=192.168.120.11:5062
SipEp.UserAgent[Port1].Username=100
SipEp.UserAgent[Port1].GatewayName=OpenSIPS
SipEp.UserAgent[Port2].Username=101
SipEp.UserAgent[Port2].GatewayName=OpenSIPS
SipEp.Authentication[Port1].Password=secret100
SipEp.Authentication[Port2].Password=secret101
Mipt.DefaultSecurityRtpMode=Secure
Mipt.DefaultSecurityKeyManagement=Sdes
