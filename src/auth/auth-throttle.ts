import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { STRATA_CONFIG, type StrataConfig } from '../config/config';

/**
 * Failed authentications per client address (issue 18): only failures count, so a client with a
 * valid token is never slowed; past the limit within the window, the address is refused for a
 * window's length. Refused means every request, with a valid token too: otherwise a right guess
 * would still show as one. In memory, per instance (a restart forgets).
 */
@Injectable()
export class AuthThrottle {
  private readonly logger = new Logger('Auth');
  private readonly limiter: RateLimiterMemory | null;

  constructor(@Inject(STRATA_CONFIG) private readonly config: StrataConfig) {
    const { authFailureLimit: points, authFailureWindowSeconds: duration } = config;
    this.limiter = points > 0 ? new RateLimiterMemory({ keyPrefix: 'auth-failures', points, duration, blockDuration: duration }) : null;
  }

  /** Seconds until `address` may try again; 0 when it is not refused. */
  async refusedFor(address: string): Promise<number> {
    const state = this.limiter && (await this.limiter.get(address));
    return state && state.consumedPoints > this.config.authFailureLimit ? seconds(state) : 0;
  }

  /** Counts a failure; the seconds `address` is refused from now on, 0 while it is within the limit. */
  async failed(address: string): Promise<number> {
    if (!this.limiter) return 0;
    try {
      await this.limiter.consume(address);
      return 0;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      this.logger.warn(`${this.config.authFailureLimit} failed authentications from ${address}: refused for ${seconds(refusal)} s`);
      return seconds(refusal);
    }
  }
}

/** The client's address: the socket's, or with STRATA_TRUST_PROXY the one the trusted proxies name. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

const seconds = (state: RateLimiterRes) => Math.max(1, Math.ceil(state.msBeforeNext / 1000));
