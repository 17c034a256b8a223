using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Dtc.Options;

namespace Credentials.Dtc.Application;

/// <summary>Validates IssueDtc input before anything is verified or stored; every failure is INVALID_ARGUMENT with a reason.</summary>
internal static class IssueDtcRequestValidator
{
    /// <summary>Longest physical-component identifier accepted (our bound; it is opaque to the profile).</summary>
    public const int MaxPhysicalComponentIdentifierBytes = 1024;

    /// <summary>The binding to issue: UNSPECIFIED means EMRTD_BOUND (contract).</summary>
    public static DtcBinding BindingOf(IssueDtcRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Binding == DtcBinding.Unspecified ? DtcBinding.EmrtdBound : request.Binding;
    }

    /// <summary>The data groups by number, after the checks.</summary>
    public static SortedDictionary<int, byte[]> Validate(IssueDtcRequest request, DtcOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(request.RequestId))
        {
            throw DtcErrors.RequestIdMissing();
        }

        if (request.RequestId.Length > options.MaxRequestIdLength)
        {
            throw DtcErrors.FieldInvalid("request_id", $"longer than {options.MaxRequestIdLength} characters.");
        }

        if (request.Binding is not (DtcBinding.Unspecified or DtcBinding.EmrtdBound or DtcBinding.EmrtdPcBound or DtcBinding.PcBound))
        {
            throw DtcErrors.FieldInvalid("binding", "not a DtcBinding value.");
        }

        var binding = BindingOf(request);
        if (binding == DtcBinding.PcBound)
        {
            if (!request.SecurityObject.IsEmpty)
            {
                throw DtcErrors.FieldInvalid("security_object", "must be empty for PC_BOUND (a PC-bound DTC carries no eMRTD SOD).");
            }
        }
        else
        {
            if (request.SecurityObject.IsEmpty)
            {
                throw DtcErrors.FieldRequired("security_object");
            }

            if (request.SecurityObject.Length > options.MaxSecurityObjectBytes)
            {
                throw DtcErrors.Invalid("PAYLOAD_TOO_LARGE", $"security_object is larger than {options.MaxSecurityObjectBytes} bytes.");
            }

            if (request.SecurityObject.Span[0] != 0x77)
            {
                throw DtcErrors.Invalid("SOD_MALFORMED", "security_object does not start with the EF.SOD tag 0x77.");
            }
        }

        if (!request.PhysicalComponentIdentifier.IsEmpty)
        {
            if (binding == DtcBinding.EmrtdBound)
            {
                throw DtcErrors.FieldInvalid("physical_component_identifier", "only for EMRTD_PC_BOUND and PC_BOUND (it is a dtcTBS value).");
            }

            if (request.PhysicalComponentIdentifier.Length > MaxPhysicalComponentIdentifierBytes)
            {
                throw DtcErrors.FieldInvalid("physical_component_identifier", $"longer than {MaxPhysicalComponentIdentifierBytes} bytes.");
            }
        }

        var groups = new SortedDictionary<int, byte[]>();
        long total = request.SecurityObject.Length;
        foreach (var group in request.DataGroups)
        {
            if (group.Number is < 1 or > 16)
            {
                throw DtcErrors.Invalid("DATA_GROUP_NUMBER_INVALID", $"data group number {group.Number} is outside 1..16.");
            }

            if (groups.ContainsKey(group.Number))
            {
                throw DtcErrors.Invalid("DATA_GROUP_DUPLICATE", $"DG{group.Number} appears twice.");
            }

            if (group.Content.IsEmpty)
            {
                throw DtcErrors.FieldRequired($"data_groups[DG{group.Number}].content");
            }

            if (group.Content.Length > options.MaxDataGroupBytes)
            {
                throw DtcErrors.Invalid("PAYLOAD_TOO_LARGE", $"DG{group.Number} is larger than {options.MaxDataGroupBytes} bytes.");
            }

            total += group.Content.Length;
            groups[group.Number] = group.Content.ToByteArray();
        }

        if (total > options.MaxContentInfoBytes - 1024)
        {
            throw DtcErrors.Invalid("PAYLOAD_TOO_LARGE", $"The SOD and data groups exceed {options.MaxContentInfoBytes - 1024} bytes together.");
        }

        if (!groups.ContainsKey(1) || !groups.ContainsKey(2))
        {
            throw DtcErrors.Invalid("DATA_GROUP_REQUIRED", "DG1 and DG2 are required (DTCData: dtcDG1 and dtcDG2 are mandatory).");
        }

        if (request.Validity is { } validity && (validity.Seconds < 0 || validity.Nanos < 0 || validity.ToTimeSpan() <= TimeSpan.Zero
            || validity.ToTimeSpan() > options.MaxValidity))
        {
            throw DtcErrors.Invalid("VALIDITY_PERIOD_INVALID", $"validity must be positive and at most {options.MaxValidity}.");
        }

        return groups;
    }
}
