# Mutual TLS with legacy versions opted in: the units hold Host certificates and ask for the
# proxy's (client authentication), TLS 1.0 is accepted, the registrar is the unit-wide default
# without a port (5061), the home-domain proxy is a second address, a line authenticates with a
# digest user of its own in a realm of its own, the unit pings every 25 s and puts no transport
# parameter in its REGISTER Contact.
SipEp.TransportConfig[Core].TlsEnable=Enable
SipEp.TransportTlsVersion=TLSv1
SecureTA.AllowLegacyTls=Enable
SipEp.TransportTlsCipherSuite=CS3
SipEp.InteropTlsCertificateValidation=TrustedCertificate
SipEp.InteropTlsClientAuthenticationEnable=Enable
SipEp.DefaultStaticRegistrarServerHost=10.0.0.5
SipEp.DefaultStaticProxyHomeDomainHost=10.0.0.6:5071
SecureTA.TlsKeepAliveInterval=25
SipEp.UserAgent[Fxs1].Username=2001
SipEp.UserAgent[Fxs2].Username=2002
SipEp.Authentication[Fxs1].Password=fxs-one
SipEp.Authentication[Fxs2].Username=agent2002
SipEp.Authentication[Fxs2].Password=two"quoted\pass
SipEp.Authentication[Fxs2].Realm=voice.example.net
