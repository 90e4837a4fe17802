package io.stillwatch.model.codec;

import static io.stillwatch.model.codec.Fields.required;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.Kyc;
import io.stillwatch.model.codec.LineCodec.ContractViolation;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Codec of the account registry, contract §2. */
public final class AccountRegistryCodec implements LineCodec<AccountRecord> {
    public static final AccountRegistryCodec INSTANCE = new AccountRegistryCodec();

    private AccountRegistryCodec() {
    }

    @Override
    public AccountRecord decode(JsonParser p) throws IOException {
        Fields.expectObject(p, "account");
        String account = null, org = null, email = null, payment = null, signupIp = null, country = null, tier = null;
        Instant created = null;
        List<String> nationality = null;
        Kyc kyc = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "account" -> account = Fields.string(p, name);
                case "created" -> created = Fields.time(p, name);
                case "org" -> org = Fields.string(p, name);
                case "email" -> email = Fields.string(p, name);
                case "payment" -> payment = Fields.string(p, name);
                case "signup_ip" -> signupIp = Fields.string(p, name);
                case "country" -> country = Fields.string(p, name);
                case "nationality" -> nationality = Fields.strings(p, name);
                case "kyc" -> {
                    String text = Fields.string(p, name);
                    try {
                        kyc = text == null ? null : Kyc.fromWire(text);
                    } catch (IllegalArgumentException e) {
                        throw new ContractViolation("field 'kyc': " + e.getMessage());
                    }
                }
                case "tier" -> tier = Fields.string(p, name);
                default -> p.skipChildren();
            }
        }
        required(account, "account");
        required(created, "created");
        return new AccountRecord(account, created, org, email, payment, signupIp, country, nationality, kyc, tier);
    }

    @Override
    public void encode(AccountRecord a, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("account", a.account());
        g.writeStringField("created", Rfc3339.format(a.created()));
        writeOptional(g, "org", a.org());
        writeOptional(g, "email", a.email());
        writeOptional(g, "payment", a.payment());
        writeOptional(g, "signup_ip", a.signupIp());
        writeOptional(g, "country", a.country());
        if (!a.nationality().isEmpty()) {
            g.writeArrayFieldStart("nationality");
            for (String n : a.nationality()) {
                g.writeString(n);
            }
            g.writeEndArray();
        }
        if (a.kyc() != null) {
            g.writeStringField("kyc", a.kyc().wire());
        }
        writeOptional(g, "tier", a.tier());
        g.writeEndObject();
    }

    private static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
