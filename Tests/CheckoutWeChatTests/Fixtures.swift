import CheckoutCrypto

/// Fixed keys and answers computed once with the OpenSSL 3 CLI and Python `cryptography`.
/// These are test keys, published here on purpose; nothing else trusts them.
enum Fixtures {
    /// `openssl genrsa -traditional 2048`: the "merchant" key, PKCS#1 form.
    static let merchantKeyPKCS1 = """
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAqB1YRi9znz9wY6Ed6Vvq3xFyymipc+Hef7CcMnq9sA/ZIGSW
NiXQ6yd9lKNc1Q1JuGqcZ9UjEKEMo/YAF2UDzqWge1/XnUKD7rh4Z0/yj8ZSCR4s
Sl0aSOBe8PR5stDHKNsruRPpuvBOkXKD8dmuT1zrr2IMcZD4qOXCrbBIfxjMP7/6
glc5MFR5M6OBFue+Mpi27oxcCdKsoiR+q5JiFKai+TxVx+pHkVmRFUrQ4dh1F++c
Z29FSIJOSKQSTk31cYC+5+k82msN9NM2x858kh9jA1Tv2jYdGYuk6xeeLzGi4Hgu
nQkHTarRcUURwZAHuUh/vDFhK2hHglReeY0L8wIDAQABAoIBAAiIeMcTOISwRSWh
c3G5WyoYaiGw/0zk/ZSwo7UCOueZXlWBFYjJEZomBn9JbXhY9NF6A9dXX7DD4+7c
mTOWyoMuL/+jJUATtLukvGPOEItQrzBMSkY6BJAHZ3pGhnjXlQxTV5xM0PPOp8ZF
MEJR4MGhf0sHKIeJKr3z75Y+WOeuht285xzSUPcF/GvsBLMrz6z8zbAXtTMRfkju
UqhHSTZlFZ3Zn4KdkufYwcyW7zTh9cl/kT6vbJ7DiKjUahqcjUlHX7gcIEa4RHH7
VtQVg1wkoaCH32jtEVGuTiDLCbnB4aHjFi/Snc5tORGvLDJxeHDbwx12cYpZ7ZwM
PpDzb2kCgYEA5q6rHHEPbtrMsVrpKre4inWScN04Qxe7kMTEWgP5iTukXSUf13AN
Y5DH6xU+yFeDIWc18u11JclbxrMX0v9osWvy7iQV7TJmF7bRAIhiKozM40CYHgB7
TcYH2P3idKG6gtAOjwLL7PSwXIo1z530ogVuFCQKC4War1VwwoJg8bsCgYEAupDA
w52AwWtaCJM9WT4+3/JldPs/6XreK+C3BY5SH6KJ1T6QXTumv8y5sZgY+lsRg5mI
nwd9RidKlxoGYmYf9DDoR4ztkAE/oSVv7gdfIF76jdTcdDVZhDJCb4f+1CUt6I6R
Z6lCtf3H+QH56WXa0cOw3Xl7Qbs8/mpjvDIfLykCgYEAkvVdrx3b3hxn4OjwuDUY
zKSAKYTVLfD1nhGsoUf89c9YM7rN4TrSXMbEheAgAhO2R1ZwSRW71tnDrP81Q0dR
VA5YUhwNF/JOlfbyiStZlo/iizgAcMSPyQlKwJNlbDYIEwQm8jau4YM0w4+NHnob
egiJiy02dQald+OvlUroJbcCgYEAnquh5jy8VsQwjH59fLsdymVjuHw/PRmMfxDd
V9JVMiaQx1YwfbrP9OvvOoW7KKHvYVdhBK/f8ZxVKfGuYF2u64X053WKTiFhtnIa
ofyPAP8GZT4WSJdfDLmaGzU0m8ULKHCoZdtkq1etjbAKlmBUHHcsoxBArgTKuS5O
qK6QKxECgYBUdFGOC0nwNCIpWk42LWG35WZjlTRUAktWx4WOvOFchyBv6YKaqfaI
PagF/L0us5CrFJ5xcfBirptddYIDN38zDHX2zsAQ92rsddEPMM7AvN7pF+YqKx5d
/6byw0bIGTJJ8DMpWM+L6ApbIiKDwnIrakC3MaCvLDSHvO3PRNUHDA==
-----END RSA PRIVATE KEY-----
"""

    /// The same key as PKCS#8 (`openssl pkcs8 -topk8 -nocrypt`).
    static let merchantKeyPKCS8 = """
-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCoHVhGL3OfP3Bj
oR3pW+rfEXLKaKlz4d5/sJwyer2wD9kgZJY2JdDrJ32Uo1zVDUm4apxn1SMQoQyj
9gAXZQPOpaB7X9edQoPuuHhnT/KPxlIJHixKXRpI4F7w9Hmy0Mco2yu5E+m68E6R
coPx2a5PXOuvYgxxkPio5cKtsEh/GMw/v/qCVzkwVHkzo4EW574ymLbujFwJ0qyi
JH6rkmIUpqL5PFXH6keRWZEVStDh2HUX75xnb0VIgk5IpBJOTfVxgL7n6Tzaaw30
0zbHznySH2MDVO/aNh0Zi6TrF54vMaLgeC6dCQdNqtFxRRHBkAe5SH+8MWEraEeC
VF55jQvzAgMBAAECggEACIh4xxM4hLBFJaFzcblbKhhqIbD/TOT9lLCjtQI655le
VYEViMkRmiYGf0lteFj00XoD11dfsMPj7tyZM5bKgy4v/6MlQBO0u6S8Y84Qi1Cv
MExKRjoEkAdnekaGeNeVDFNXnEzQ886nxkUwQlHgwaF/Swcoh4kqvfPvlj5Y566G
3bznHNJQ9wX8a+wEsyvPrPzNsBe1MxF+SO5SqEdJNmUVndmfgp2S59jBzJbvNOH1
yX+RPq9snsOIqNRqGpyNSUdfuBwgRrhEcftW1BWDXCShoIffaO0RUa5OIMsJucHh
oeMWL9Kdzm05Ea8sMnF4cNvDHXZxilntnAw+kPNvaQKBgQDmrqsccQ9u2syxWukq
t7iKdZJw3ThDF7uQxMRaA/mJO6RdJR/XcA1jkMfrFT7IV4MhZzXy7XUlyVvGsxfS
/2ixa/LuJBXtMmYXttEAiGIqjMzjQJgeAHtNxgfY/eJ0obqC0A6PAsvs9LBcijXP
nfSiBW4UJAoLhZqvVXDCgmDxuwKBgQC6kMDDnYDBa1oIkz1ZPj7f8mV0+z/pet4r
4LcFjlIfoonVPpBdO6a/zLmxmBj6WxGDmYifB31GJ0qXGgZiZh/0MOhHjO2QAT+h
JW/uB18gXvqN1Nx0NVmEMkJvh/7UJS3ojpFnqUK1/cf5AfnpZdrRw7DdeXtBuzz+
amO8Mh8vKQKBgQCS9V2vHdveHGfg6PC4NRjMpIAphNUt8PWeEayhR/z1z1gzus3h
OtJcxsSF4CACE7ZHVnBJFbvW2cOs/zVDR1FUDlhSHA0X8k6V9vKJK1mWj+KLOABw
xI/JCUrAk2VsNggTBCbyNq7hgzTDj40eeht6CImLLTZ1BqV346+VSugltwKBgQCe
q6HmPLxWxDCMfn18ux3KZWO4fD89GYx/EN1X0lUyJpDHVjB9us/06+86hbsooe9h
V2EEr9/xnFUp8a5gXa7rhfTndYpOIWG2chqh/I8A/wZlPhZIl18MuZobNTSbxQso
cKhl22SrV62NsAqWYFQcdyyjEECuBMq5Lk6orpArEQKBgFR0UY4LSfA0IilaTjYt
YbflZmOVNFQCS1bHhY684VyHIG/pgpqp9og9qAX8vS6zkKsUnnFx8GKum111ggM3
fzMMdfbOwBD3aux10Q8wzsC83ukX5iorHl3/pvLDRsgZMknwMylYz4voClsiIoPC
citqQLcxoK8sNIe87c9E1QcM
-----END PRIVATE KEY-----
"""

    /// Its public key, SubjectPublicKeyInfo (`openssl rsa -pubout`).
    static let merchantPublicKey = """
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqB1YRi9znz9wY6Ed6Vvq
3xFyymipc+Hef7CcMnq9sA/ZIGSWNiXQ6yd9lKNc1Q1JuGqcZ9UjEKEMo/YAF2UD
zqWge1/XnUKD7rh4Z0/yj8ZSCR4sSl0aSOBe8PR5stDHKNsruRPpuvBOkXKD8dmu
T1zrr2IMcZD4qOXCrbBIfxjMP7/6glc5MFR5M6OBFue+Mpi27oxcCdKsoiR+q5Ji
FKai+TxVx+pHkVmRFUrQ4dh1F++cZ29FSIJOSKQSTk31cYC+5+k82msN9NM2x858
kh9jA1Tv2jYdGYuk6xeeLzGi4HgunQkHTarRcUURwZAHuUh/vDFhK2hHglReeY0L
8wIDAQAB
-----END PUBLIC KEY-----
"""

    /// Its public key, PKCS#1 (`openssl rsa -RSAPublicKey_out`).
    static let merchantPublicKeyPKCS1 = """
-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAqB1YRi9znz9wY6Ed6Vvq3xFyymipc+Hef7CcMnq9sA/ZIGSWNiXQ
6yd9lKNc1Q1JuGqcZ9UjEKEMo/YAF2UDzqWge1/XnUKD7rh4Z0/yj8ZSCR4sSl0a
SOBe8PR5stDHKNsruRPpuvBOkXKD8dmuT1zrr2IMcZD4qOXCrbBIfxjMP7/6glc5
MFR5M6OBFue+Mpi27oxcCdKsoiR+q5JiFKai+TxVx+pHkVmRFUrQ4dh1F++cZ29F
SIJOSKQSTk31cYC+5+k82msN9NM2x858kh9jA1Tv2jYdGYuk6xeeLzGi4HgunQkH
TarRcUURwZAHuUh/vDFhK2hHglReeY0L8wIDAQAB
-----END RSA PUBLIC KEY-----
"""

    /// The "platform" key (`openssl genrsa 2048`, PKCS#8).
    static let platformKey = """
-----BEGIN PRIVATE KEY-----
MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQCxyJ4xlHzuiK3b
i72t3+rNPYF19nQBkoEwNeRmx/5pOWurjflroJX8wfKhgy4Haaswr0/LBo1PTVjW
wLANBT7fszTwvStD9DocZjWBfUaVih7m1Kpktfhj6htwx5XjLlp5e1Q46pMdijgG
6biLrfvIIajLCE3Ym+wvH0KPRtBln4VI7gf8CmqDrR1DDUw7shAplsmZqr3tyA+S
drRQM4VgpJjMVxYpg6izIm5lxpSXPEOye7mIXEV6Xu8uZODtlPMZq8ZC/HJhCLvF
9JOI85vqE1PYopiS4HV5/IFE7SAEe21KWljUy123nsQ9F2Dc565+L9yQLxkP0bku
z+KmQUjNAgMBAAECggEAAII17adimh4a/TtPnh07Yz3vTmKXn1+HbhdhYWfmEu/+
nl2IHqY1d6UoaAzjh1LmkfuWa1rH8bejbu3bMxZWQTaWiq/H3Whn+CfUtFui5Y+h
GgD2wdYBcWu8i1yO0bkSujE/ovAM3rNECMUHaaLkSwTJolcSPfHoQZRB0P4fX4MN
mo7A0Vu5RzWWv7m39HzLqbXKsJO01S5iPpDJbN6h7ojrjvnjOFS8SBahrUYLSClN
SsodKbNO11aFpJOHOGIy20pqPu0tkIjOPWzspiGr9WXSR53zL+OK3HEicCffcMB+
uD4H521ucyENB6mjgs5xYLeKGVtnqxf4WZYE/SsoMQKBgQDWhm7tFiw5pKnauPk2
7LJliKpqqbprzFEe/sk9cuE/k2Euxl26gyVxUKRKMh9wiiDRZ0ebXscuGrVpWkhy
ujRatRVf34+fgto4bfp16hzDCe0jrZafjGurlhS14sjgey3BZXU5ozMArRxv+XB1
OMvvnIYx2AHehXUoiIH9stFdqQKBgQDUJ7n8BpRGzs9vKoyrNsNi8Ntw3aYIjmVK
wg5qXOautDTzYYZm9O94eoExTUrnsjK4e80ZoyMHeRuN4uVpit6PiGXhfBrqeKQ9
ZWfsZF/wrJEf3kZEVrKR7tWGuGpueFMr6VThIMDO9rX+o62CldXcs1q6j+TU0zfH
L7LToKKghQKBgQDQL0YW7x2cEyCDEl9H3gyCXE6FlJFFa9KNsdS5vXK6r9vv+LGc
/winHwtQtbOtE18l2IS1UxUYuPK0etkz/WAxZuqHT/2hXutHN/OH2tpurINlzGAQ
FcWnjs4qdRtcPi35MOzCMo6caWLfh8KK/8NplQzl8ipeOEWqQE9mVNK5gQKBgQCY
vJkLNnldmNqCP/HR+bUk8B4r3YcBNfL6pUbXkFaLhDVy2s12JfSZmiiUo/6/W+1k
H80DHg3D/Y620Zk0KMQeNaaTdVOzZnNnuC/fYkwn6zT36oBQBtK8eWPEf9Qv//Rw
8qUnBvuIhNl1n8T09IZpQ76X/axTBFVt04s9DLLIOQKBgQC1cGChJ97J7FXfQCf2
zYSJfb7y8gxVblFogmAkxKDCNRMQ1qPzrltGi4VKioQqCpBmzETxiIQOqbZUGc9F
HKNQMJJzAAQIjohkG65DdcyFqT92AtkH9yCuD/JaTySHrNBkTtc1t7W65Gl8Ycd+
fq7UXC0i9S1qAoLGBsQ6VzBOYQ==
-----END PRIVATE KEY-----
"""

    /// A self-signed certificate for the platform key with WeChat-style serial
    /// (`openssl req -x509 -set_serial 0x5157F09EFDC096DE15EBE81A47057A7232F1B8E1 -days 36500`).
    static let platformCertificate = """
-----BEGIN CERTIFICATE-----
MIIDczCCAlugAwIBAgIUUVfwnv3Alt4V6+gaRwV6cjLxuOEwDQYJKoZIhvcNAQEL
BQAwSDEpMCcGA1UEAwwgVGVucGF5LmNvbSBSb290IENBIHRlc3QgcGxhdGZvcm0x
GzAZBgNVBAoMEkNoYXRDaGVja291dCB0ZXN0czAgFw0yNjExMjUxNjI1NDhaGA8y
MTI2MTEwMTE2MjU0OFowSDEpMCcGA1UEAwwgVGVucGF5LmNvbSBSb290IENBIHRl
c3QgcGxhdGZvcm0xGzAZBgNVBAoMEkNoYXRDaGVja291dCB0ZXN0czCCASIwDQYJ
KoZIhvcNAQEBBQADggEPADCCAQoCggEBALHInjGUfO6IrduLva3f6s09gXX2dAGS
gTA15GbH/mk5a6uN+WuglfzB8qGDLgdpqzCvT8sGjU9NWNbAsA0FPt+zNPC9K0P0
OhxmNYF9RpWKHubUqmS1+GPqG3DHleMuWnl7VDjqkx2KOAbpuIut+8ghqMsITdib
7C8fQo9G0GWfhUjuB/wKaoOtHUMNTDuyECmWyZmqve3ID5J2tFAzhWCkmMxXFimD
qLMibmXGlJc8Q7J7uYhcRXpe7y5k4O2U8xmrxkL8cmEIu8X0k4jzm+oTU9iimJLg
dXn8gUTtIAR7bUpaWNTLXbeexD0XYNznrn4v3JAvGQ/RuS7P4qZBSM0CAwEAAaNT
MFEwHQYDVR0OBBYEFOXj09Ny9fikH3v+3VxG/HHsii/HMB8GA1UdIwQYMBaAFOXj
09Ny9fikH3v+3VxG/HHsii/HMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQEL
BQADggEBAFX3BMJIyYozrkMfHOarmyWl0IPNhvDcEZkSHG2TRauzQA36VyKee3Ks
ySPeK6mnLgls//vVG9/k4QKPCbSpYuvJX47NGHGO5tTnF7dgpTg12r+xTnV5/zdD
etEKD24BeAPNmpz3uRsjgAZRrhu0y+OHdTfUppcG+dBPs0ZbKZbytgHzp+bP/DEh
M81e3bIF5xRngBjeGW0UzwE8syWTq5HQbG65Z+UC64HOuQH2Y6KF9mZj0ESWyuGB
j7CX+JDX0xFBVI4a79QnudiI9IhLcfH15DMftpFETvOd7gXQCX97C5hy+RUAUc75
Z7zEYEDg75OfGgtm/C00jztPNHNbUvk=
-----END CERTIFICATE-----
"""
    static let platformSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"

    /// `printf 'ChatCheckout known-answer message\n' | openssl dgst -sha256 -sign merchant | base64`.
    static let knownMessage = "ChatCheckout known-answer message\n"
    static let knownMessageSignature = "SRWF2IrKud7T4589OkVuOWkbRqTWB6YQ1vdmptnOXUa1hBEK1EaDgHI1a3/YyrZdAVcxKmG5SKh5SdTdhrPty8SIEm18djO1PXv3DAz+780K+2HZWdW/rJF+39BRGMBC16x6bIF0N+NrR37asnaQ9uKf9HjGKx9BCwfzFPOh9h2l/1its0ml3A1zxnOO3HnLS98bILNpX1kQPDQDXcN4KX82JC6ksDtedLDnUiLpHIk3h6R3VJnd9+CEiAM2UT3LKwKHBeyaW4/aZObqp858HBmVwkcJnPOCzopGJliIrR1uAr79xnRj9lpaIrHQZuqCPYC2bzCubrPZ2dlBstrNGQ=="

    /// A JSAPI prepay body (from WeChat Pay's documentation) and its request signature.
    static let jsapiBody = #"{"appid":"wxd678efh567hg6787","mchid":"1230000109","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}"#
    static let jsapiTimestamp = 1554208460
    static let jsapiNonce = "593BEC0C930BF1AFEB40B4A08C8FB242"
    static let jsapiSignature = "OdwRU7FGwrt8uDKnFZIXju7XxB21pnmQ9MOqGyU+JT7OUvuLlZZb7TiF2fA4a9stJ9LidpgYw7TadVu++RLPWeKIQLLvhi1cKNlnS3kvB8sjBg3uYD2rbhIe+c93X/s85XAqy90MRGz0/Xu6bIpvzJyNEnWWC4D4YJm4dj2VJMOQRrEZ+eTE5Esi/hmYDiN6Rc3xgNvYk2Fzt/BS+EwlP06NAZ/42R7UWHxvZOlSX8c8ZcYZyoafL4UhyjMJf72Q3XbXWC8P30Q/1Ttn0cHwljR6gyqYYbYbfJeTnZylD8AM69DYT99jlG6SCITL+6997/vSB7FhG0szS3ZUPcF87g=="
    /// `GET /v3/certificates` with an empty body.
    static let getCertificatesSignature = "Da7RTpJ/czpwwr2AshgO2kS36oIsS8brD1u2rbKILnZMTtHZx07c+x8j5rn0SOB61ec3WgnCtlezqFbouCaTQ4qsj1SobsZ3+j3fPvqm7c4oir2cD9i3wt5pEZISlPsR3l9o97+sL9GxVB5+U2QlQ/X4WdjXYcI9Psg5kOhJJnXlgLOOefL7NsDWrNYHJhgUizHb/IBPp+sZ6n9uqdr+mIqHTepJEmHKxBRFg4Ta9S25ZF1PbP0MJFEru8dK25G8CcV80R9AKYEVmvVV4Nn+++TNRno0eI72qimuw3Mk5tykxZe5okyr7p2VgEci0qNL4wMKI0DJOGQsiGEFVxv9yg=="

    /// `wx.requestPayment` inputs and the openssl paySign over `appId\ntimeStamp\nnonceStr\npackage\n`.
    static let payAppID = "wx8888888888888888"
    static let payTimestamp = 1414561699
    static let payNonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"
    static let payPrepayID = "wx201410272009395522657a690389285100"
    static let paySign = "LaKHGmi4o4B3I9zYlYcj+xhvuzQWDxvSeSuYZqMJhBKDmlvPtUAHkjdDruAoFC6gIdIWPMAAliJxB4+XMrJnlGcrW/ys8pAIdJR+rAw0QGKT85UV0md0kZu9nKzTVCTsB/HdrhygG5eKeUtDEAyJkGA/iHlyZf7ztZohp6UzseNth2vjERPfS80uCGAVV0M/kZ4goYAI4tS3B/ggZK2AxG9rh74tv2jRRwOp6naAdiu+qgYKv2WKvyvcIh/0nxtdklYKyNC2prxT4Tvk94npDGnSA5kDCwmOG0mnEn72btweppiRZFcefXWeJpQC01FznJrW1/lfdJfyEyDtaM20ZQ=="

    /// The APIv3 key used for the notification below (32 ASCII bytes).
    static let apiV3Key = "0123456789abcdefghijABCDEFGHIJ01"
    /// A TRANSACTION.SUCCESS notification encrypted by Python `cryptography` (AESGCM, nonce
    /// `fdasflkja484`, associated data `transaction`), signed by the platform key with openssl.
    static let notificationBody = #"{"id":"EV-2018022511223320873","create_time":"2015-05-20T13:29:35+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"vW8lnTfrX9F7VKfusSslo+TrTsdTJSXo6x4OoLxfTCgo/961+kD2kKcm2DEm6AGtPFESnuOe+5unxsshILVqt6JzyLLInKkz5bdu6YdW48xys2iJIBSlUsOF+vSjq1umDAXAkskKCWWH9vM7CaHNap0/N6BocivUUHNN0EbhY+0crJW5h0TdIpDO/3HfoZSKkmPbTsy8AaSdOB6P0Vsx2U7LDz7Wv6ElFJsJuxjBm5O4brK2K1PbGal3vpH+q9VQfM/QQvtYaBU4Gr8+Q/CCm6q8ch/WF1Cgme/3CTZ3zq5LBbV6Pmu+GUP4OK0gZv6Wn/12VAycxAdepGfkEK6MP7Sh9FoyjP2q/F2Ma81CuOVyXfahi6arCycJGEAPyBkyM2AK8C6LzCLllD5G8eHPCvC7ceo14c3bz1VoaoVyc0fmYNYFqvHWeCXB4AKV8x35HWzsDDcLUp+7lpUde27gZxr79ca52GLYq4eliyM5vMPe/Yb7mZfqmrfQs7dLSKqqyJQaexy0T5doU220H4n9pBwTlnfMYDjgAsD1PoR3kY5PFRPVZrqggacu+q9Zd366/G0yqCLvr+Q37vFQ","associated_data":"transaction","nonce":"fdasflkja484"}}"#
    static let notificationTimestamp = "1554209980"
    static let notificationNonce = "c5ac7061fccab6bf3e254dcf98995b8c"
    static let notificationSignature = "XOPquetdCwtppcdPEEW8kdf/q4999sV/WVQ7bApwOQfgNnN/hhbyi4WwO34fm2wsc+AwP2yW8H1YqDnfen6eZjwRLFwfKgxCKoXtZagDAzbJdpZZJZ94u0tY0aNPepZ/Gjam8Au+Up9lU3vNfgSz8GgODOMdzuy4jbbe63Mcq3X+EUtv009nKNWzIziVaz8Bx+6Ut1pTxsYMnr08h/stcW+7iGzE5FMRZKkqNI5/y/M5E310CeA1U5c8jhMLI27zRzV7/jcnLpCoXgKxIV2vUAovp9VwInPKTmLT/kvhbOMHVyml6NpcNsaWSE62sF+8w06fFZ9NNPXy7hJUaD6cgg=="

    /// A 1024-bit key encrypted with a passphrase: must be refused, never prompted for.
    static let encryptedKey = """
-----BEGIN ENCRYPTED PRIVATE KEY-----
MIIC3TBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI4tvkOnw93EYCAggA
MAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBA4EOrhPVv6eX+KbP2hPV1NBIIC
gCFpOxkPa9aT1TvcB/28oP4cxVIfXPGtkqbkU95rkWVd19iL5nw0BXp+Fv33vsgZ
YskL1MiXiFbHY4QTPj1xxzjdTS5Bm1sf6OzhShgjpNnaiIW3UPSJ271hSdyUU1wz
DG4FWejxuyrtptIuqRX0uGAU9uJhzODp6modnDLxwJfU4P41/8P2gIH0440kxvzV
Cxc7cqB4EHCjkMe58hrMxZu2LObNQARanvcCAjloeV46FmlIous8ExQDNgh6BZph
tjlWGE4StcEyz3IG0g/6eHuu65aDttiazLL7dQnGDhK8+tXmJ+1TE+Hrsyvg2KMy
4mTM2B+P8brQUEllmtDu62EymL2C0njfCN8F/GVnZd6w115KGxBfH9UlUJuIh94u
AW/0MqrLDnuvwM1UQY18ZkuBAr5NAiNYdUWJHg4EaScVutM92IV4lRyneS263CCT
UIvZT6FKk46WLAy328ADlZ7vzuwgJ65Ys02fgdY1+5Blf8dlx7WftKVcEQYyjDvw
276dmbhXUl9iFy69PBNuQp/xALGxgZvJcTerUdwMPH1KkWxL3j3OAHgn2qoQq5N8
c0zdSxWth4OLYMq/dR964gGliXJzntsxTDXB6hiWMmTRl3pw4L0Yqcq30gj/OAE4
5drigvFWLcCSCjtNS4FJaqcnOPJ0tLb2Lzy61lyL96u2Miib0Rg1Y3s30ocqOnjN
xQxSxHDTaKSxQ3PorFpFifCeL0oeRxPcAnqbx667LrTa6iMJnvrrbL0PF2fvNo2o
VI67HjdoKe72Re8j3/NaPb4Bi7M8NhZl6QLO14jXZXSgO/l/r78LHvN7nQ55gdAA
Ibd/lUU2N8i4OOG21tIFQV8=
-----END ENCRYPTED PRIVATE KEY-----
"""

    /// A P-256 key pair: valid PEM, but not RSA.
    static let ecPrivateKey = """
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1mPXe3mRUlKXDveb
D3bnmoXVauxazOS8S1qkBl5GkWihRANCAATODXL4dILRl2b/d2SaUZpD1ibdi1LI
Be1gv9dFeQYh4Lxaf2JeNOn2mH74n/F6slx3excWBNIurQ/IBX2yi3Bv
-----END PRIVATE KEY-----
"""
    static let ecPublicKey = """
-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzg1y+HSC0Zdm/3dkmlGaQ9Ym3YtS
yAXtYL/XRXkGIeC8Wn9iXjTp9ph++J/xerJcd3sXFgTSLq0PyAV9sotwbw==
-----END PUBLIC KEY-----
"""
}
