import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateItemRequest } from '../create-item/create-item.request.dto';

/** Rename, move, describe, comment, change content — any of them at once; the type stays. */
export class UpdateItemRequest extends PartialType(OmitType(CreateItemRequest, ['type'] as const)) {}
