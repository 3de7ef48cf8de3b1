package org.secureta.provisioning.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileParserTest {

    private final ProfileParser parser = new ProfileParser(DeviceSchema.DGW_2_0);

    private Profile parse(String text) throws ProfileException {
        return parser.parse(text, "unit.profile");
    }

    private List<ProfileError> errorsOf(String text) {
        return assertThrows(ProfileException.class, () -> parse(text)).errors();
    }

    @Test
    void readsScalarsAndTableCellsWithCommentsAndBlankLines() throws Exception {
        Profile p = parse("""
                # the guide's gateway
                SipEp.TransportTlsVersion=TLSv1_2

                SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable
                  SipEp.GwSpecificRegistration[OpenSIPS].ServerHost = 192.168.120.11:5062
                """);
        assertEquals("TLSv1_2", p.get("SipEp.TransportTlsVersion"));
        assertEquals("Enable", p.cell("SipEp.TransportConfig", "OpenSIPS", "TlsEnable"));
        assertEquals("192.168.120.11:5062", p.cell("SipEp.GwSpecificRegistration", "OpenSIPS", "ServerHost"));
        assertEquals(List.of("OpenSIPS"), p.rows("SipEp.TransportConfig"));
    }

    @Test
    void mediaAddressMustBeAnAddressLiteralAndKeyLifetimeAtMost2To48() throws Exception {
        assertEquals("::1", parse("SecureTA.MediaAddress=::1\n").get("SecureTA.MediaAddress"));
        assertEquals("281474976710656", parse("SecureTA.SrtpKeyLifetime=281474976710656\n").get("SecureTA.SrtpKeyLifetime"));
        List<ProfileError> host = errorsOf("SecureTA.MediaAddress=media.example\n");
        assertTrue(host.get(0).toString().contains("IPv4 or IPv6 address literal"), host.toString());
        List<ProfileError> octet = errorsOf("SecureTA.MediaAddress=127.0.0.256\n");
        assertEquals(1, octet.size(), octet.toString());
        List<ProfileError> tooLong = errorsOf("SecureTA.SrtpKeyLifetime=281474976710657\n");
        assertTrue(tooLong.get(0).toString().contains("above 2^48"), tooLong.toString());
        List<ProfileError> power = errorsOf("SecureTA.SrtpKeyLifetime=2^49\n");
        assertTrue(power.get(0).toString().contains("2^n (n 1..48)"), power.toString());
    }

    @Test
    void unsetVariablesHaveTheUnitsDefaults() throws Exception {
        Profile p = parse("");
        assertEquals("16000", p.get("SipEp.TransportPersistentBasePort"));
        assertEquals("TLSv1", p.get("SipEp.TransportTlsVersion"));
        assertEquals("HostName", p.get("SipEp.InteropTlsCertificateValidation"));
        assertEquals("Mikey", p.get("Mipt.DefaultSecurityKeyManagement"));
        assertEquals("Unsecure", p.get("Mipt.DefaultSecurityRtpMode"));
        assertEquals("415", p.get("SipEp.InteropRejectCodeForUnsupportedSdpOffer"));
        assertEquals("15", p.get("SipEp.TransportFailbackInterval"));
    }

    @Test
    void aValueOutOfItsTypeIsRejectedWithFileLineVariableAndAllowedValues() {
        List<ProfileError> errors = errorsOf("""
                # comment
                SipEp.TransportTlsVersion=TLSv3
                """);
        assertEquals(1, errors.size());
        ProfileError e = errors.get(0);
        assertEquals("unit.profile", e.source());
        assertEquals(2, e.line());
        assertEquals("SipEp.TransportTlsVersion", e.variable());
        assertEquals("SSLv3, TLSv1, TLSv1_1, TLSv1_2", e.allowed());
        assertEquals("unit.profile:2: SipEp.TransportTlsVersion: 'TLSv3' is not allowed (allowed: SSLv3, TLSv1, TLSv1_1, TLSv1_2)", e.toString());
    }

    @Test
    void numbersOutsideTheirRangesAreRejectedNamingTheRanges() {
        ProfileError e = errorsOf("SipEp.TransportPersistentPortInterval=50").get(0);
        assertTrue(e.message().contains("out of range"), e.message());
        assertEquals("0, 100..1000", e.allowed());
        assertEquals("1025..64535", errorsOf("SipEp.TransportPersistentBasePort=80").get(0).allowed());
        assertTrue(errorsOf("SipEp.TransportFailbackInterval=ten").get(0).message().contains("not a whole number"));
        assertTrue(errorsOf("SipEp.TransportFailbackInterval=015").get(0).message().contains("leading zeros"));
    }

    @Test
    void wrongCaseIsAnErrorThatSuggestsTheRightSpelling() {
        ProfileError e = errorsOf("SipEp.TransportConfig[gw].TlsEnable=enable").get(0);
        assertTrue(e.message().contains("did you mean 'Enable'"), e.message());
    }

    @Test
    void aVersionWrittenWithDotsSuggestsTheSchemasSpelling() {
        ProfileError e = errorsOf("SipEp.TransportTlsVersion=TLSv1.2").get(0);
        assertTrue(e.message().contains("did you mean 'TLSv1_2'"), e.message());
        assertFalse(errorsOf("SipEp.TransportTlsVersion=TLSv9.9").get(0).message().contains("did you mean"));
    }

    @Test
    void unknownVariablesAreErrorsNotIgnored() {
        ProfileError e = errorsOf("SipEp.TransportTlsVersoin=TLSv1_2").get(0);
        assertTrue(e.message().startsWith("unknown variable"), e.message());
        assertTrue(e.message().contains("did you mean SipEp.TransportTlsVersion?"), e.message());
        assertTrue(errorsOf("Foo.Bar=1").get(0).message().startsWith("unknown variable"));
        assertTrue(errorsOf("SipEp.NoSuchTable[x].Col=1").get(0).message().startsWith("unknown table"));
    }

    @Test
    void aTableColumnWrittenWithoutItsRowKeyExplainsTheCellSyntax() {
        ProfileError e = errorsOf("SipEp.TransportConfig.TlsEnable=Enable").get(0);
        assertEquals("SipEp.TransportConfig is a table: write SipEp.TransportConfig[GatewayName].TlsEnable", e.message());
    }

    @Test
    void anUnknownColumnListsTheTablesColumns() {
        ProfileError e = errorsOf("SipEp.UserAgent[Port1].Password=x").get(0);
        assertTrue(e.message().contains("has no column Password"));
        assertEquals("Username, FriendlyName, Register, GatewayName", e.allowed());
    }

    @Test
    void statusVariablesAreReadOnly() {
        ProfileError e = errorsOf("SipEp.RegistrationStatus[Port1].State=Registered").get(0);
        assertTrue(e.message().contains("read-only"), e.message());
    }

    @Test
    void malformedLinesAreRejected() {
        assertTrue(errorsOf("SipEp.TransportTlsVersion TLSv1_2").get(0).message().startsWith("expected Service.Variable=Value"));
        assertTrue(errorsOf("TransportTlsVersion=TLSv1_2").get(0).message().contains("not a variable name"));
        assertTrue(errorsOf("SipEp.TransportConfig[gw.TlsEnable=Enable").get(0).message().contains("'[' without ']'"));
        assertTrue(errorsOf("SipEp.TransportConfig[].TlsEnable=Enable").get(0).message().contains("empty row key"));
        assertTrue(errorsOf("SipEp.TransportConfig[a b].TlsEnable=Enable").get(0).message().contains("row key"));
    }

    @Test
    void aVariableSetTwiceIsAnErrorNamingTheFirstLine() {
        ProfileError e = errorsOf("SipEp.TransportTlsVersion=TLSv1_2\nSipEp.TransportTlsVersion=TLSv1").get(0);
        assertEquals(2, e.line());
        assertEquals("set twice (first on line 1)", e.message());
    }

    @Test
    void everyBadLineIsReportedAndNothingOfTheFileIsApplied() {
        List<ProfileError> errors = errorsOf("""
                SipEp.TransportTlsVersion=TLSv1_2
                SipEp.TransportFailbackInterval=1
                Mipt.DefaultSecurityRtpMode=Sekure
                Nope.Nothing=1
                """);
        assertEquals(List.of(2, 3, 4), errors.stream().map(ProfileError::line).toList());
    }

    @Test
    void tlsMixedWithUdpOrTcpIsRejectedAsTheUnitNeverMixesThem() {
        ProfileError e = errorsOf("""
                SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable
                SipEp.TransportConfig[OpenSIPS].UdpEnable=Enable
                """).get(0);
        assertEquals(2, e.line());
        assertEquals("SipEp.TransportConfig[OpenSIPS].UdpEnable", e.variable());
        assertTrue(e.message().startsWith("TLS is exclusive with UDP and TCP"), e.message());
    }

    @Test
    void enablingTlsAloneIsEnoughAsInTheGuide() throws Exception {
        Profile p = parse("SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable");
        assertEquals("Enable", p.cell("SipEp.TransportConfig", "OpenSIPS", "TlsEnable"));
        assertEquals("Disable", p.cell("SipEp.TransportConfig", "OpenSIPS", "UdpEnable"), "TLS switches UDP off");
        assertEquals("Disable", p.cell("SipEp.TransportConfig", "OpenSIPS", "TcpEnable"));
    }

    @Test
    void rowsThatDisagreeWithTheFirstRowOnTheTransportAreRejected() {
        ProfileError e = errorsOf("""
                SipEp.TransportConfig[A].TlsEnable=Enable
                SipEp.TransportConfig[B].UdpEnable=Enable
                """).get(0);
        assertTrue(e.message().contains("differs from the first row (A)"), e.message());
    }

    @Test
    void aRowWithNoTransportIsRejected() {
        assertTrue(errorsOf("SipEp.TransportConfig[A].UdpEnable=Disable").get(0).message().startsWith("no transport enabled"));
    }

    @Test
    void linesMustNameAGatewayThatExists() {
        ProfileError e = errorsOf("""
                SipEp.Gateway[OpenSIPS].Type=Endpoint
                SipEp.UserAgent[Port1].Username=100
                SipEp.UserAgent[Port1].GatewayName=Kamailio
                """).get(0);
        assertEquals(3, e.line());
        assertTrue(e.message().contains("no gateway named 'Kamailio'"));
    }

    @Test
    void credentialsMustBelongToALine() {
        ProfileError e = errorsOf("SipEp.Authentication[Port9].Password=x").get(0);
        assertTrue(e.message().contains("no line Port9 in SipEp.UserAgent"), e.message());
    }

    @Test
    void anInvalidSecretIsReportedWithoutEchoingIt() {
        ProfileError e = errorsOf("SecureTA.MikeyPreSharedKey=not-hex-secret").get(0);
        assertFalse(e.toString().contains("not-hex-secret"), e.toString());
    }

    @Test
    void hostPortValuesAreChecked() throws Exception {
        parse("SipEp.DefaultStaticRegistrarServerHost=proxy.example.test:5061");
        parse("SipEp.DefaultStaticRegistrarServerHost=[::1]:5061");
        assertTrue(errorsOf("SipEp.DefaultStaticRegistrarServerHost=host:99999").get(0).message().contains("out of range"));
        assertTrue(errorsOf("SipEp.DefaultStaticRegistrarServerHost=ho st").get(0).message().contains("host[:port]"));
    }

    @Test
    void aFileThatIsNotUtf8TextIsRejected() {
        byte[] bytes = {'S', 'i', 'p', (byte) 0xC3, (byte) 0x28};
        ProfileException e = assertThrows(ProfileException.class, () -> parser.parse(bytes, "bin.profile"));
        assertTrue(e.getMessage().contains("not UTF-8"));
    }

    @Test
    void crlfLineEndingsAndAByteOrderMarkAreAccepted() throws Exception {
        byte[] bytes = "\uFEFFSipEp.TransportTlsVersion=TLSv1_2\r\nSipEp.TransportFailbackInterval=30\r\n".getBytes(StandardCharsets.UTF_8);
        Profile p = parser.parse(bytes, "win.profile");
        assertEquals("30", p.get("SipEp.TransportFailbackInterval"));
    }

    @Test
    void settingOneVariableIsCheckedLikeAFileLine() throws Exception {
        Profile p = parse("");
        ProfileException e = assertThrows(ProfileException.class,
                () -> p.with(VariableAddress.parse("SipEp.TransportTlsVersion"), "TLSv9", "ta:set"));
        assertEquals("ta:set: SipEp.TransportTlsVersion: 'TLSv9' is not allowed (allowed: SSLv3, TLSv1, TLSv1_1, TLSv1_2)", e.getMessage());
        Profile changed = p.with(VariableAddress.parse("SipEp.TransportTlsVersion"), "TLSv1_2", "ta:set");
        assertEquals("TLSv1_2", changed.get("SipEp.TransportTlsVersion"));
        assertEquals("TLSv1", p.get("SipEp.TransportTlsVersion"), "profiles are immutable");
    }
}
