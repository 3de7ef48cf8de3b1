# A lab proxy known by name, without digest authentication, the unit checking nothing
# (NoValidation) and asking for TLS 1.1 or newer with legacy versions allowed.
SipEp.TransportConfig[Lab].TlsEnable=Enable
SipEp.TransportConfig[Lab].RegistrationEnable=Enable
SipEp.TransportTlsVersion=TLSv1_1
SecureTA.AllowLegacyTls=Enable
SipEp.InteropTlsCertificateValidation=NoValidation
SipEp.GwSpecificRegistration[Lab].ServerHost=proxy.lab.example:5061
SipEp.UserAgent[Port1].Username=300
