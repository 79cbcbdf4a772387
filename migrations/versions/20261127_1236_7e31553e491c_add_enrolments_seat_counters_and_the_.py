"""add enrolments, seat counters and the focal point role

Revision ID: 7e31553e491c
Revises: 8ed843c88199
Create Date: 2026-11-27 12:36:13.099494

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '7e31553e491c'
down_revision = '8ed843c88199'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('waitlist_seq', sa.Integer(), nullable=True),
    sa.Column('waiting_reason', sa.String(length=32), nullable=False),
    sa.Column('offer_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_enrolments_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['users.id'], name=op.f('fk_enrolments_nominated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_enrolments_offering_id_offerings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_enrolments_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments')),
    sa.UniqueConstraint('user_id', 'offering_id', name=op.f('uq_enrolments_user_id_offering_id'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index('ix_enrolments_offering_status', ['offering_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolments_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('city_cap', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('offer_hours', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('seats_taken', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('waitlist_counter', sa.Integer(), server_default='0', nullable=False))
        # The database's own guard against overbooking (autogenerate does not see CHECKs).
        batch_op.create_check_constraint('seats_taken_not_negative', 'seats_taken >= 0')
        batch_op.create_check_constraint('no_overbooking',
                                         'capacity IS NULL OR seats_taken <= capacity')

    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_column('calendar')

    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_offerings_no_overbooking'), type_='check')
        batch_op.drop_constraint(op.f('ck_offerings_seats_taken_not_negative'), type_='check')
        batch_op.drop_column('waitlist_counter')
        batch_op.drop_column('seats_taken')
        batch_op.drop_column('cancel_until')
        batch_op.drop_column('offer_hours')
        batch_op.drop_column('city_cap')

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolments_user_id'))
        batch_op.drop_index('ix_enrolments_offering_status')

    op.drop_table('enrolments')
