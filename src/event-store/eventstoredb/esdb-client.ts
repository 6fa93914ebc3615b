/**
 * The part of `@eventstore/db-client`'s client that the adapter uses. The real
 * `EventStoreDBClient` satisfies it (checked below, at compile time); so does the in-memory
 * double of `testing/`, which behaves like the server (limits, concurrency, faults) so that the
 * contract suite and the fault tests run where no server can.
 */
import type {
  AppendResult,
  AppendToStreamOptions,
  DeleteStreamOptions,
  EventData,
  EventStoreDBClient,
  ReadStreamOptions,
  ResolvedEvent,
  SetStreamMetadataOptions,
  StreamMetadata,
  SubscribeToStreamOptions,
} from '@eventstore/db-client';

/** A live subscription: 'data' per event, 'error' or 'end' when it drops. */
export interface EsdbSubscription {
  on(event: 'data', listener: (event: ResolvedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  unsubscribe(): Promise<void>;
}

export interface EsdbClient {
  appendToStream(streamName: string, events: EventData | EventData[], options?: AppendToStreamOptions): Promise<AppendResult>;
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<ResolvedEvent>;
  subscribeToStream(streamName: string, options?: SubscribeToStreamOptions): EsdbSubscription;
  deleteStream(streamName: string, options?: DeleteStreamOptions): Promise<unknown>;
  setStreamMetadata(streamName: string, metadata: StreamMetadata, options?: SetStreamMetadataOptions): Promise<unknown>;
  dispose(): Promise<void>;
}

/** Compile-time proof that the real client is an EsdbClient. */
export type RealClientFits = EventStoreDBClient extends EsdbClient ? true : never;
const realClientFits: RealClientFits = true;
void realClientFits;
