export interface CompiledClaims { version: 1; claims: unknown[] }
