using System.CommandLine;
using Credentials.Grpc;
using Google.Rpc;
using Grpc.Core;

namespace Credentials.Cli.Connection;

/// <summary>
/// The plumbing every command that calls a service shares: <c>--server HOST:PORT</c> (default from
/// <see cref="ServiceEndpoints"/>), <c>--timeout-seconds</c> (the call's deadline), the mutual-TLS flags, an optional
/// <c>--request-id</c> for side-effecting calls, and one mapping of failures to exit codes: an unreachable server or
/// expired deadline, usage and I/O errors exit 2; a refusal by the service (any other gRPC status, with its
/// <c>ErrorInfo</c> reason printed) exits 1.
/// </summary>
/// <typeparam name="TClient">The generated gRPC client of the service.</typeparam>
internal sealed class ServerCommand<TClient>
{
    private readonly string _service;
    private readonly Func<CallInvoker, TClient> _createClient;
    private readonly Option<string?> _server;
    private readonly Option<int> _timeout;
    private readonly Option<string?>? _requestId;
    private readonly TlsArguments _tls = new();

    /// <param name="service">The service's name (<c>csca</c>, <c>pkd</c>, ...): endpoint lookup and messages.</param>
    /// <param name="createClient">The generated client's constructor, e.g. <c>c =&gt; new PkdService.PkdServiceClient(c)</c>.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="description">The command's help text.</param>
    /// <param name="timeoutSeconds">Default deadline of the call.</param>
    /// <param name="sideEffects">True adds <c>--request-id</c> (see <see cref="RequestId"/>).</param>
    public ServerCommand(string service, Func<CallInvoker, TClient> createClient, string name, string description, int timeoutSeconds = 60, bool sideEffects = false)
    {
        _service = service;
        _createClient = createClient;
        _server = new("--server") { Description = $"{service} endpoint HOST:PORT (default: {ServiceEndpoints.VariableName(service)} or .run/services.env)" };
        _timeout = new("--timeout-seconds") { Description = "deadline of the call", DefaultValueFactory = _ => timeoutSeconds };
        Command = new Command(name, description);
        Command.Options.Add(_server);
        Command.Options.Add(_timeout);
        if (sideEffects)
        {
            _requestId = new Option<string?>("--request-id") { Description = "idempotency key; reuse it to retry safely (default: a new UUID, printed)" };
            Command.Options.Add(_requestId);
        }

        _tls.AddTo(Command);
    }

    public Command Command { get; }

    /// <summary>Adds a required text option.</summary>
    public Option<string?> Required(string name, string description) => Add(new Option<string?>(name) { Description = description, Required = true });

    /// <summary>Adds an optional text option.</summary>
    public Option<string?> Text(string name, string description) => Add(new Option<string?>(name) { Description = description });

    /// <summary>Adds an option of type <typeparamref name="T"/>.</summary>
    public Option<T?> Option<T>(string name, string description, bool required = false) =>
        Add(new Option<T?>(name) { Description = description, Required = required });

    /// <summary>Adds an option of the command.</summary>
    public T Add<T>(T option)
        where T : Option
    {
        Command.Options.Add(option);
        return option;
    }

    /// <summary>The <c>--request-id</c> given, or a new UUID; printed either way so the operator can retry with it.</summary>
    public string RequestId(ParseResult parse)
    {
        var id = (_requestId is null ? null : parse.GetValue(_requestId)) ?? Guid.NewGuid().ToString("D");
        Console.WriteLine($"request-id {id}");
        return id;
    }

    /// <summary>Sets the command's action: connect, call <paramref name="action"/>, exit 0 when it completes, map failures.</summary>
    public Command Run(Func<ParseResult, TClient, CallOptions, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Run(async (parse, client, call) =>
        {
            await action(parse, client, call);
            return ExitCodes.Ok;
        });
    }

    /// <summary>Sets the command's action: connect, call <paramref name="action"/> (which returns the exit code), map failures.</summary>
    public Command Run(Func<ParseResult, TClient, CallOptions, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Command.SetAction(async (parse, cancellationToken) =>
        {
            var endpoint = parse.GetValue(_server) ?? ServiceEndpoints.Find(_service);
            if (endpoint is null)
            {
                Console.Error.WriteLine($"no {_service} endpoint: give --server HOST:PORT or set {ServiceEndpoints.VariableName(_service)}");
                return ExitCodes.UsageOrIoError;
            }

            try
            {
                using var material = _tls.Load(parse);
                using var channel = MutualTlsChannel.Create(endpoint, material);
                var call = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(parse.GetValue(_timeout)), cancellationToken: cancellationToken);
                return await action(parse, _createClient(channel.CreateCallInvoker()), call);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                Console.Error.WriteLine($"{_service} unreachable: {ex.StatusCode} {ex.Status.Detail}");
                return ExitCodes.UsageOrIoError;
            }
            catch (RpcException ex)
            {
                var reason = ex.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
                Console.Error.WriteLine($"{_service} refused: {ex.StatusCode} {reason} {ex.Status.Detail}");
                return ExitCodes.Invalid;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException
                                           or FormatException or System.Security.Cryptography.CryptographicException or InvalidOperationException)
            {
                Console.Error.WriteLine(ex.Message);
                return ExitCodes.UsageOrIoError;
            }
        });
        return Command;
    }
}
