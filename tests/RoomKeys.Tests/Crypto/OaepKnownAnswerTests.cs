using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;

namespace E2eeConformance.RoomKeys.Tests.Crypto;

/// <summary>
/// RSA-OAEP with SHA-256 and MGF1-SHA-256 against public known answers: Project Wycheproof's
/// <c>rsa_oaep_2048_sha256_mgf1sha256_test.json</c> (C2SP/wycheproof), its 2048-bit key, valid cases 1, 3 and 8 and
/// invalid cases 17, 23, 27, 29 and 30. Every invalid ciphertext of the key's length gives the one code
/// <c>bad_room_key</c> (no padding oracle); a ciphertext of another length gives <c>malformed</c>.
/// </summary>
public sealed class OaepKnownAnswerTests
{
    private const string N = "a2b451a07d0aa5f96e455671513550514a8a5b462ebef717094fa1fee82224e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89d6eac8845097b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e254a2fe9765313a03eff8f17e1a029397a1fa26a8dce26f490ed81299615d9814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d1ece6b4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a1969816f48698bcbba1b4d9cae79d460d8f9f85e7975005d9bc22c4e5ac0f7c1a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9d5";

    private const string D = "7627eef3567b2a27268e52053ecd31c3a7172ccb9ddcee819b306a5b3c66b7573ca4fa88efc6f3c4a00bfa0ae7139f64543a4dac3d05823f6ff477cfcec84fe2ac7a68b17204b390232e110310c4e899c4e7c10967db4acde042dbbf19dbe00b4b4741de1020aaaaffb5054c797c9f136f7d93ac3fc8caff6654242d7821ebee517bf537f44366a0fdd45ae05b9909c2e6cc1ed9281eff4399f76c96b96233ec29ae0bbf0d752b234fc197389f51050aa1acd01c074c3ac8fbdb9ea8b651a95995e8db4ad5c43b6c8673e5a126e7ee94b8dff4c5afc01259bc8da76950bae6f8bae715f50985b0d6f66d04c6fef3b700720eecdcdf171bb7b1ecbe7289c467c1";

    private const string Ct8 = "6583e2f176aa7e7f655d2c53497349c156c8851fb23325589e85fb83bfa857346caba222cdaa3234e71564154298c24dbb85e18822a1d5e7faa47863a64d76874a3cbc70f4d9f137426a344c473fac1dd7008a9973765e9f66c5b492535a647c273c4f78ceb5aa7ba963a2142f2ce4a81f804c002b9b2eabb3c75e80a3c6ceafe5384a544c672a5d28d32bb87115f43eb79775fd9b3f4a2f6e6a89368bdd95ef1d014877b60afdb1234acd57653a65459f01b2fbe381f22a739504b4897a7e6c33b6349b276db6083abad9c169405859b800c812237634b503de6ada43013c1d86697a135be78a9784576d796d62aa7819e2ea0e2d902ffdd9cfdd1ae66212ee";

    private const string Ct4 = "0da290b0bf71a1141b2adc62b5b42b07fc52520cb05d1f39ccca7b7c22d379a6c2f2d93143d057050140527a1e5638243938b531ec3de7014b0151301e49b9fa433482a02abdfd94193dc9c70157e557776a69ded01ecbeac405133595c61165a428b6284729a4746b47d2bbaca9d7432c3b5693591cfee488eb3c68ddb6cde0dd61cfc6952423f994abecee34f5683732b29934a2c498ad48cdd30c149177189f48eefd9cc7232df18be11ff5f7e3af7319e3115997c599e2d8f7f4f663dcc40032d403436d3058a5ea66473660f0e195281ec6eba997d2a951ca6ca5f3c112715c89da1d3dfb20a21940594ed10ade90ed7452b753757d7241cb8a803c373a";

    private static readonly RsaIdentity Key = RsaIdentity.FromComponents(Convert.FromHexString(N), [0x01, 0x00, 0x01], Convert.FromHexString(D));

    [TestCase(1, "", "", "6e62bf24d95aff6868afec2a92a445b6458f16f688c19fe1212f66a63137831653cedd359d8cff4dd485d77dfd55812c181373201f54aafd65730d2a304e623455d51125d891e65d97fce52341cae45fb64c38a384a1c621e2713ee6794633f029a9fd4d774f56551eac2176162e162640f25eab873a3451c475570f19228bcede4c67c370a75ed7fabccd538c9819eff182481b10d42f1a9f6a05373b8cf9b71818d467bd3b8ebacb619e8ad42916e600c043effceb3855bc48a629e60ae886f51b2a7876b0e623fb2ce68af4b039242f963adb0e4240aed0ed07f65f1ee7c0cc77d210d0c2d1dc10c81b881aa0c9c9e9499665cf2970d2ccfeeb3191531765")]
    [TestCase(3, "54657374", "", "5eab3f0741e63986ed647d53e1cd71df041986900803d0f99c68355d249a15a47dc5b4f70a191477654299e5a2731f3b4eec76dea18262fc696ac794e5f66cbfcddac4472c578e246c26707598055584540b839836b1404c5611ae558a984cee8fd036cea924e0be2474a940f61e0acc14fcae95ebdc59942a9ce9af9a9c81999f7f6815f057ffdc2533cb15d6391d1e2d95f16f9c04209c889a4c359c7d2926d28a66e2b030a416b928d2825627998e5191fb4983a6e65024262d94fc09187a2d78162122433251d1bfcc8e507d06eba2d229c10031261da32ab8ccd15f1c5f9fbf07ed158483d736a110af4b44d6a4da60d6cb519b4454213cf9f0dc560f2b")]
    [TestCase(4, "313233343030", "", Ct4)]
    [TestCase(8, "313233343030", "0000000000000000", Ct8)]
    public void A_valid_ciphertext_decrypts_to_its_message(int tcId, string message, string label, string ciphertext) =>
        Key.Decrypt(Convert.FromHexString(ciphertext), Convert.FromHexString(label)).Should().Equal(Convert.FromHexString(message), $"Wycheproof tcId {tcId}");

    [Test]
    public void Each_valid_case_with_another_label_is_refused_its_tampered_twin()
    {
        Action wrongLabel = () => Key.Decrypt(Convert.FromHexString(Ct8), []);
        wrongLabel.Should().Throw<RoomKeyException>().Which.Code.Should().Be(RoomKeyErrorCode.BadRoomKey);

        byte[] flipped = Convert.FromHexString(Ct4);
        flipped[100] ^= 0x01;
        Action tampered = () => Key.Decrypt(flipped, []);
        tampered.Should().Throw<RoomKeyException>().Which.Code.Should().Be(RoomKeyErrorCode.BadRoomKey);
    }

    [TestCase(17, "3f5e00347c36ceb79f400effcae92d331aa9f52539041c50dbbc6fd071912912692a16353378276a2c1596358c46f6232434a95a99c573d0b83e4a6e970a73e99ca13d734506e2a2a56744b1872bffd501a80ba7cf5494df6ff9b421cb10247e11d19ac9e60afe0dda87cb351c21ba554ea50b70f6eee4ffa949ae38694ef831020d4e599c6ff4493d07c7b6be06453b84143813a68dfe0fada2317a9f4040a3cf6308090b6bfaca36067312f41bc0c4c01ac00fdb5aee4395b04cdff82cb433b01cd3e70daafc7807b2f770226699e7535124a453f7ad2653bfb7cfe71e120dc37ba88a5be347ad134351c11ff1019b7e42d24b7a3890a8424fae53a10c0e11", RoomKeyErrorCode.BadRoomKey)]
    [TestCase(23, "00", RoomKeyErrorCode.BadRoomKey)]
    [TestCase(27, "", RoomKeyErrorCode.Malformed)]
    [TestCase(29, Ct4 + "0000", RoomKeyErrorCode.Malformed)]
    [TestCase(30, "a290b0bf71a1141b2adc62b5b42b07fc52520cb05d1f39ccca7b7c22d379a6c2f2d93143d057050140527a1e5638243938b531ec3de7014b0151301e49b9fa433482a02abdfd94193dc9c70157e557776a69ded01ecbeac405133595c61165a428b6284729a4746b47d2bbaca9d7432c3b5693591cfee488eb3c68ddb6cde0dd61cfc6952423f994abecee34f5683732b29934a2c498ad48cdd30c149177189f48eefd9cc7232df18be11ff5f7e3af7319e3115997c599e2d8f7f4f663dcc40032d403436d3058a5ea66473660f0e195281ec6eba997d2a951ca6ca5f3c112715c89da1d3dfb20a21940594ed10ade90ed7452b753757d7241cb8a803c373a", RoomKeyErrorCode.Malformed)]
    public void An_invalid_ciphertext_is_refused_with_its_code(int tcId, string ciphertext, RoomKeyErrorCode code)
    {
        byte[] bytes = tcId == 23 ? new byte[256] : Convert.FromHexString(ciphertext);
        Action decrypt = () => Key.Decrypt(bytes, []);
        decrypt.Should().Throw<RoomKeyException>($"Wycheproof tcId {tcId}").Which.Code.Should().Be(code);
    }
}
