using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.State;
using static E2eeConformance.InMemoryServer.PublicKeyChecks;
using static E2eeConformance.InMemoryServer.RefusalException;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The pre-key directory (seed 000 §Publish signed pre-key, §Supply one-time pre-key, §Get pre-key bundle): owns what
/// is done with each device's published keys after registration: replacing its signed pre-key, adding one-time
/// pre-keys to its stock, handing out pre-key bundles (each takes one one-time pre-key out of stock), and asking a
/// device to refill its stock with one SupplyOpksMsg when it runs low. The keys themselves live in the
/// <see cref="DeviceRecord"/>s of the <see cref="AccountRegistry"/>. Used only under the server's lock.
/// </summary>
internal sealed class PreKeyDirectory(ServerContext context, AccountRegistry accounts, ProtoMsgStore store)
{
    /// <summary>How many unused one-time pre-keys the server holds for <paramref name="device"/> (0 for an unknown device).</summary>
    public int OneTimePreKeyStock(E2eeAddress device) => accounts.TryDevice(device) is { } record ? record.OneTimePreKeys.Count : 0;

    /// <summary>
    /// seed 000 §Publish signed pre-key: replaces the caller's signed pre-key if the new one is validly signed and has a
    /// newer spk_id (republishing the current key changes nothing); see <see cref="E2eeServer.PublishSpk"/>.
    /// </summary>
    public PublishSpkResponse PublishSpk(DeviceRecord caller, PublishSpkRequest? request)
    {
        if (request is null)
        {
            throw BadRequest("the request is empty");
        }

        AccountRegistry.RequireCaller(caller, request.UserAddress, "user_address");
        SignedPreKeyPublic spk = RequireSignedPreKey(caller.Suite, caller.IdentityKey, request.SignedPreKeyPublic, "signed_pre_key_public");
        if (!spk.Equals(caller.SignedPreKey))
        {
            if (spk.SpkId <= caller.SignedPreKey.SpkId)
            {
                throw Refuse(ResponseCode.RequestConflict, $"spk_id {spk.SpkId} is not newer than the published {caller.SignedPreKey.SpkId}");
            }

            context.Journal.Step("signed pre-key validated");
            SignedPreKeyPublic previous = caller.SignedPreKey;
            caller.SignedPreKey = spk.Clone();
            context.Journal.Changed("signed pre-key replaced", () => caller.SignedPreKey = previous);
        }

        return new PublishSpkResponse { Code = ResponseCode.Ok };
    }

    /// <summary>
    /// seed 000 §Supply one-time pre-key: adds one-time pre-keys to the caller's stock and re-arms the SupplyOpksMsg
    /// notification; see <see cref="E2eeServer.SupplyOpks"/>.
    /// </summary>
    public SupplyOpksResponse SupplyOpks(DeviceRecord caller, SupplyOpksRequest? request)
    {
        if (request is null)
        {
            throw BadRequest("the request is empty");
        }

        AccountRegistry.RequireCaller(caller, request.UserAddress, "user_address");
        if (request.E2EesPackId != caller.Suite.PackId.Value)
        {
            throw BadRequest($"e2ees_pack_id 0x{request.E2EesPackId:x6} is not the device's {caller.Suite.PackId}");
        }

        if (request.OneTimePreKeyPublicList.Count == 0)
        {
            throw BadRequest("one_time_pre_key_public_list is empty");
        }

        List<OneTimePreKeyPublic> keys = RequireOneTimePreKeys(
            caller.Suite, request.OneTimePreKeyPublicList, caller.OneTimePreKeys, context.Options.MaxOneTimePreKeysPerDevice, "one_time_pre_key_public_list");
        context.Journal.Step("one-time pre-keys validated");
        int before = caller.OneTimePreKeys.Count;
        caller.OneTimePreKeys.AddRange(keys);
        context.Journal.Changed("one-time pre-keys added", () => caller.OneTimePreKeys.RemoveRange(before, keys.Count));
        SetSupplyRequested(caller, false);
        return new SupplyOpksResponse { Code = ResponseCode.Ok };
    }

    /// <summary>
    /// seed 000 §Get pre-key bundle, §Pre-Key Bundle, §SupplyOpkMsg: one PreKeyBundle per device of the named user (or
    /// the one device named), never the caller's own; each takes the oldest one-time pre-key out of stock, and a stock
    /// that falls below the refill threshold triggers one SupplyOpksMsg; see <see cref="E2eeServer.GetPreKeyBundle"/>.
    /// </summary>
    public GetPreKeyBundleResponse GetPreKeyBundle(DeviceRecord caller, GetPreKeyBundleRequest? request)
    {
        if (request is null)
        {
            throw BadRequest("the request is empty");
        }

        UserRecord user = accounts.FindUser(request.UserId, request.Domain, "user_id");
        List<DeviceRecord> devices;
        if (request.DeviceId.Length > 0)
        {
            DeviceRecord device = user.Devices.Find(d => d.Key.DeviceId == request.DeviceId)
                ?? throw Refuse(ResponseCode.NotFound, $"device {user.UserId}/{request.DeviceId} is not registered");
            devices = device == caller ? throw BadRequest("a device does not fetch its own bundle") : [device];
        }
        else
        {
            devices = user.Devices.Where(d => d != caller).ToList();
        }

        context.Journal.Step("bundle request validated");
        long now = context.NowMs();
        var response = new GetPreKeyBundleResponse { Code = ResponseCode.Ok, UserId = user.UserId };
        foreach (DeviceRecord device in devices)
        {
            response.PreKeyBundles.Add(TakeBundle(device));
            RequestRefillIfLow(device, now);
        }

        return response;
    }

    /// <summary>The device's bundle with its oldest one-time pre-key, which leaves the stock (none if the stock is empty).</summary>
    private PreKeyBundle TakeBundle(DeviceRecord device)
    {
        OneTimePreKeyPublic? opk = null;
        if (device.OneTimePreKeys.Count > 0)
        {
            OneTimePreKeyPublic taken = device.OneTimePreKeys[0];
            device.OneTimePreKeys.RemoveAt(0);
            context.Journal.Changed("one-time pre-key taken", () => device.OneTimePreKeys.Insert(0, taken));
            opk = taken;
        }

        return new PreKeyBundle
        {
            UserAddress = device.Address.Clone(),
            E2EesPackId = device.Suite.PackId.Value,
            IdentityKeyPublic = device.IdentityKey.Clone(),
            SignedPreKeyPublic = device.SignedPreKey.Clone(),
            OneTimePreKeyPublic = opk,
        };
    }

    private void SetSupplyRequested(DeviceRecord device, bool requested)
    {
        bool previous = device.SupplyRequested;
        device.SupplyRequested = requested;
        context.Journal.Changed("supply request flag", () => device.SupplyRequested = previous);
    }

    /// <summary>seed 000 §SupplyOpkMsg: one SupplyOpksMsg when the stock is below the threshold, until the device supplies.</summary>
    private void RequestRefillIfLow(DeviceRecord device, long now)
    {
        if (device.OneTimePreKeys.Count < context.Options.OneTimePreKeyRefillThreshold && !device.SupplyRequested)
        {
            SetSupplyRequested(device, true);
            store.Store(device, context.ServerAddress, now, m => m.SupplyOpksMsg = new SupplyOpksMsg
            {
                ServerT = now,
                OpksNum = context.Options.OneTimePreKeySupplyCount,
                UserAddress = device.Address.Clone(),
            });
        }
    }
}
