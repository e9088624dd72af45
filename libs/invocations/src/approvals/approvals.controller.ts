import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal } from '#app/auth';
import type { Approval, Principal } from '#app/contracts';
import {
  ApiErrorResponses,
  ApiJsonBody,
  ApiJsonResponse,
  ApiPathParam,
  ApiQueryParam,
  ApiSummary,
  envelope,
  listOf,
  schemaRef,
} from '#app/openapi';
import { ApprovalDecisions } from './approval-decisions.js';
import { parseApprovalStatus, parseDecideBody } from './approval.requests.js';

/** API.md 5.19–5.22: approvers list, read and decide the approval requests of their tenant. */
const APPROVAL = envelope('approval', schemaRef('Approval'));
const APPROVAL_ID = (): MethodDecorator => ApiPathParam('approval_id', 'The approval request id');

// Every approval route answers 404 unless WORKSPACE_APPROVAL_MODE=request (API.md 5.19).
@Controller('v1/approvals')
@ApiErrorResponses(405)
export class ApprovalsController {
  constructor(private readonly decisions: ApprovalDecisions) {}

  @Get()
  @ApiSummary("List the caller tenant's approval requests by status (approvers; API.md 5.19)")
  @ApiQueryParam(
    'status',
    {
      type: 'string',
      enum: ['pending', 'approved', 'denied', 'used', 'expired'],
      default: 'pending',
    },
    'Which requests to list',
  )
  @ApiJsonResponse(200, envelope('approvals', listOf('Approval')))
  @ApiErrorResponses(400, 401, 403, 404, 503)
  async list(
    @CurrentPrincipal() principal: Principal | null,
    @Query('status') status: unknown,
  ): Promise<{ approvals: Approval[] }> {
    // The role is checked before the query, like lookup before the body (API.md 4.3).
    const approvals = await this.decisions.list(principal, () => parseApprovalStatus(status));
    return { approvals };
  }

  @Get(':approval_id')
  @ApiSummary('Read an approval request (approvers; API.md 5.20)')
  @APPROVAL_ID()
  @ApiJsonResponse(200, APPROVAL)
  @ApiErrorResponses(401, 403, 404, 503)
  async read(
    @CurrentPrincipal() principal: Principal | null,
    @Param('approval_id') id: string,
  ): Promise<{ approval: Approval }> {
    return { approval: await this.decisions.read(principal, id) };
  }

  @Post(':approval_id/approve')
  @HttpCode(200)
  @ApiSummary('Approve a pending approval request (approvers, not the requester; API.md 5.21)')
  @APPROVAL_ID()
  @ApiJsonBody('DecideApprovalRequest')
  @ApiJsonResponse(200, APPROVAL)
  @ApiErrorResponses(400, 401, 403, 404, 409, 413, 503)
  async approve(
    @CurrentPrincipal() principal: Principal | null,
    @Param('approval_id') id: string,
    @Body() body: unknown,
  ): Promise<{ approval: Approval }> {
    const approval = await this.decisions.decide(principal, id, 'approved', () =>
      parseDecideBody(body),
    );
    return { approval };
  }

  @Post(':approval_id/deny')
  @HttpCode(200)
  @ApiSummary(
    'Deny a pending approval request (approvers, or the requester withdrawing it; API.md 5.22)',
  )
  @APPROVAL_ID()
  @ApiJsonBody('DecideApprovalRequest')
  @ApiJsonResponse(200, APPROVAL)
  @ApiErrorResponses(400, 401, 403, 404, 409, 413, 503)
  async deny(
    @CurrentPrincipal() principal: Principal | null,
    @Param('approval_id') id: string,
    @Body() body: unknown,
  ): Promise<{ approval: Approval }> {
    const approval = await this.decisions.decide(principal, id, 'denied', () =>
      parseDecideBody(body),
    );
    return { approval };
  }
}
