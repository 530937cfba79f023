using System.Text.Json.Nodes;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Vectors;

/// <summary>
/// Checks a tampered twin (vectors/README.md: <c>{description, field, bytes, expected_error}</c>): the attempt must
/// fail with exactly the named error code. The engine's state is immutable, so the genuine case that follows runs on
/// the unchanged state and proves the failure committed nothing.
/// </summary>
internal static class TamperedTwin
{
    public static VectorCaseResult Check(string file, JsonNode twin, string name, Action attempt)
    {
        var rec = new CaseRecorder(file, $"{name}: {twin.Optional("description")?.GetValue<string>()} fails with {twin.Optional("expected_error")?.GetValue<string>()}");
        rec.Try(name, () =>
        {
            string expected = twin.Str("expected_error");
            try
            {
                attempt();
                rec.Fail("expected_error", $"expected {expected}, but the tampered input was accepted");
            }
            catch (ProtocolException e) when (e.Code.Name() != expected)
            {
                rec.Fail("expected_error", $"expected {expected}, got {e.Code.Name()} ({e.Detail})");
            }
            catch (ProtocolException)
            {
            }
        });
        return rec.Result();
    }
}
